package dev.switchboard.channel.internal;

/**
 * What a node's {@link NodeQueues} hands items to: one connection of a channel server, or one
 * local client. A watcher is one holder for the queues: when it unwatches a queue or is
 * {@link NodeQueues#closed closed}, the items it holds unacknowledged go back to their queues.
 *
 * <p>Threading: {@link #deliver} is called from any thread (a Hazelcast or event-loop thread)
 * and must only hand the item over (hop to the watcher's own context), never block.
 */
public interface QueueWatcher {

  /**
   * Hands one item over; called only after the watcher gave the queue a credit, once per credit.
   *
   * @param delivery the item
   * @return false when the watcher can no longer take it (closed): the item goes back to its
   *     queue at once
   */
  boolean deliver(QueueDelivery delivery);
}
