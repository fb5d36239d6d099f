package dev.switchboard.channel.internal;

import io.vertx.core.Context;

/**
 * A receiver of events registered with a {@link ChannelNode}: a channel-server connection or a
 * local client.
 *
 * <p>Threading: {@link #deliver(Delivery)} is called from any thread; an implementation hands the
 * delivery over to its own context, preserving the order of calls made from one thread.
 */
public interface Subscriber {

  /**
   * @param delivery an event of a channel this subscriber subscribed to
   */
  void deliver(Delivery delivery);

  /**
   * The context this subscriber hands its deliveries over to, when it has one: a call of {@link
   * #deliver(Delivery)} made on that context delivers at once. A node handing one event to
   * several subscribers of another context then does it in one task for all of them, in order
   * ({@link ChannelNode}), instead of one task each.
   *
   * @return that context, or null (each delivery is handed over by {@link #deliver} itself)
   */
  default Context context() {
    return null;
  }
}
