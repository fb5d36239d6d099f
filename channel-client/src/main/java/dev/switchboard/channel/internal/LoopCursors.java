package dev.switchboard.channel.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one round robin of {@code publishLoop} stands on one node, per channel: a node has one
 * for which node gets a channel's next event among those with a subscriber of it (this node and
 * its peers), and one for which local subscriber gets the next event that reaches this node (two
 * instances: one turn must not move the other). Bounded: past
 * {@link #MAX_CHANNELS} channels the cursors start again from zero (a fairness hiccup, never an
 * unbounded map).
 *
 * <p>Threading: thread-safe; two threads picking at once get different turns.
 */
final class LoopCursors {

  /** Channels with a cursor at most; past it every cursor is forgotten. */
  static final int MAX_CHANNELS = 65_536;

  private final ConcurrentHashMap<String, AtomicLong> cursors = new ConcurrentHashMap<>();

  /**
   * @param channel the channel
   * @param choices how many there are to choose from, positive
   * @return the index of the channel's next turn among them
   */
  int next(String channel, int choices) {
    AtomicLong cursor = cursors.get(channel);
    if (cursor == null) {
      if (cursors.size() >= MAX_CHANNELS) {
        cursors.clear();
      }
      cursor = cursors.computeIfAbsent(channel, c -> new AtomicLong());
    }
    return (int) Math.floorMod(cursor.getAndIncrement(), (long) choices);
  }

  /** Hands a delivery to the channel's next local subscriber in turn. */
  void deliverOne(LocalSubscribers.Entry entry, Delivery delivery) {
    Subscriber[] subscribers = entry.subscribers();
    subscribers[next(delivery.channel(), subscribers.length)].deliver(delivery);
  }
}
