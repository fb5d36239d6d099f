package dev.switchboard.channel.internal;

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
}
