package dev.switchboard.channel;

import io.vertx.core.Future;

/**
 * One item of a work queue delivered to a watcher ({@link ChannelClient#watch}). The watcher gets
 * the queue's next item only once it has settled this one with {@link #ack()} or {@link #nack()}.
 * An item not settled when its watcher unwatches, disconnects or dies is delivered again, to any
 * watcher: delivery is at least once.
 *
 * <p>Threading: {@link #ack()} and {@link #nack()} may be called from any thread; their futures
 * complete on the client's context.
 */
public interface QueueItem {

  /** @return the queue it came from */
  String queue();

  /**
   * @return the data enqueued: a String, Number, Boolean, {@code JsonObject}, {@code JsonArray}
   *     or null
   */
  Object data();

  /**
   * @return whether it was delivered before (nacked, or its earlier watcher left without
   *     acknowledging it): the work it stands for may have been done, in part or whole
   */
  boolean redelivered();

  /**
   * Acknowledges the item: done with, removed from the queue; then asks for the next item.
   *
   * @return a future completed once removed; failed with {@code UNKNOWN_ITEM} when the item was
   *     put back meanwhile (the connection was lost: it is or will be delivered again),
   *     {@code DISCONNECTED} when the connection was lost before the answer, or
   *     {@code BAD_REQUEST} on a second ack or nack of the same item (nothing sent)
   */
  Future<Void> ack();

  /**
   * Gives the item back: it goes to the head of its queue, for any watcher (this one included);
   * then asks for the next item.
   *
   * @return a future completed as for {@link #ack()}
   */
  Future<Void> nack();
}
