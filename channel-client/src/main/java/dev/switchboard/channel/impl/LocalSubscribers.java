package dev.switchboard.channel.impl;

import io.vertx.core.Future;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of each channel on one node, with the future of the channel's cluster-wide
 * registration (a second subscriber of a channel waits for the first one's).
 *
 * <p>Threading: written under the node's lock on {@code this}; {@link #of(String)} is read from any
 * thread without it.
 */
final class LocalSubscribers {

  /** The subscribers of one channel: immutable. */
  record Entry(Subscriber[] subscribers, Future<Void> live) {

    boolean contains(Subscriber subscriber) {
      for (Subscriber s : subscribers) {
        if (s == subscriber) {
          return true;
        }
      }
      return false;
    }

    Entry with(Subscriber subscriber) {
      Subscriber[] more = Arrays.copyOf(subscribers, subscribers.length + 1);
      more[subscribers.length] = subscriber;
      return new Entry(more, live);
    }

    Entry without(Subscriber subscriber) {
      Subscriber[] less = Arrays.stream(subscribers).filter(s -> s != subscriber)
          .toArray(Subscriber[]::new);
      return less.length == 0 ? null : new Entry(less, live);
    }
  }

  private final ConcurrentHashMap<String, Entry> byChannel = new ConcurrentHashMap<>();

  /**
   * @param channel a channel
   * @return its subscribers on this node, or null when there are none
   */
  Entry of(String channel) {
    return byChannel.get(channel);
  }

  void put(String channel, Entry entry) {
    if (entry == null) {
      byChannel.remove(channel);
    } else {
      byChannel.put(channel, entry);
    }
  }

  Collection<String> channels() {
    return Set.copyOf(byChannel.keySet());
  }

  int channelCount() {
    return byChannel.size();
  }

  long subscriptionCount() {
    return byChannel.values().stream().mapToLong(e -> e.subscribers().length).sum();
  }
}
