package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelNodeOptions;
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
  private volatile long subscriptions;
  private volatile long interestSize;

  /**
   * @param channel a channel
   * @return its subscribers on this node, or null when there are none
   */
  Entry of(String channel) {
    return byChannel.get(channel);
  }

  /** Sets a channel's subscribers; under the node's lock (the counters have one writer). */
  void put(String channel, Entry entry) {
    Entry old = entry == null ? byChannel.remove(channel) : byChannel.put(channel, entry);
    subscriptions += (entry == null ? 0 : entry.subscribers().length)
        - (old == null ? 0 : old.subscribers().length);
    if (old == null && entry != null) {
      interestSize += channel.length();
    } else if (old != null && entry == null) {
      interestSize -= channel.length();
    }
  }

  Collection<String> channels() {
    return Set.copyOf(byChannel.keySet());
  }

  int channelCount() {
    return byChannel.size();
  }

  long subscriptionCount() {
    return subscriptions;
  }

  /**
   * @return the total length of the channels' names, in characters
   */
  long interestSize() {
    return interestSize;
  }

  /**
   * Checks a subscribe against the node's bounds ({@link ChannelNodeOptions#getMaxSubscriptions()},
   * {@link ChannelNodeOptions#getMaxInterestSize()}); under the node's lock.
   *
   * @return the refusal, or null when the subscribe fits
   */
  ChannelException overBudget(Subscriber subscriber, Collection<String> channels,
      ChannelNodeOptions options) {
    long added = 0;
    long addedSize = 0;
    for (String channel : channels) {
      Entry entry = of(channel);
      if (entry == null) {
        added++;
        addedSize += channel.length();
      } else if (!entry.contains(subscriber)) {
        added++;
      }
    }
    if (subscriptionCount() + added > options.getMaxSubscriptions()) {
      return new ChannelException(Reason.TOO_MANY_CHANNELS, "this node holds its maximum of "
          + options.getMaxSubscriptions() + " subscriptions (maxSubscriptions)");
    }
    if (interestSize() + addedSize > options.getMaxInterestSize()) {
      return new ChannelException(Reason.TOO_MANY_CHANNELS, "the names of this node's channels "
          + "would exceed its maximum of " + options.getMaxInterestSize()
          + " characters (maxInterestSize)");
    }
    return null;
  }
}
