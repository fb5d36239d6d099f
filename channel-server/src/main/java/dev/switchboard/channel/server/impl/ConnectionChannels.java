package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The channels one channel server connection is subscribed to: bounded by {@code maxChannels},
 * counted in the server's stats.
 *
 * <p>Threading: on the connection's context, except {@link #count()}, which any thread may read.
 */
final class ConnectionChannels {

  private final Set<String> channels = new HashSet<>();
  private final ServerStats stats;
  private final int max;
  private volatile int count;

  /**
   * @param stats the server's stats
   * @param max   the most channels the connection may hold
   */
  ConnectionChannels(ServerStats stats, int max) {
    this.stats = stats;
    this.max = max;
  }

  /**
   * Adds the channels not held yet.
   *
   * @return those added
   * @throws ChannelException {@code TOO_MANY_CHANNELS} when they would take the connection over
   *     its bound; nothing is added then
   */
  List<String> add(Collection<String> requested) {
    List<String> fresh = requested.stream().filter(c -> !channels.contains(c)).toList();
    if (channels.size() + fresh.size() > max) {
      throw new ChannelException(Reason.TOO_MANY_CHANNELS, "a connection may subscribe to at "
          + "most " + max + " channels");
    }
    channels.addAll(fresh);
    count = channels.size();
    fresh.forEach(stats::channelAdded);
    return fresh;
  }

  /** @return the channels of the connection among those, which it no longer counts as its own */
  List<String> forget(Collection<String> requested) {
    List<String> gone = requested.stream().filter(channels::remove).toList();
    count = channels.size();
    gone.forEach(stats::channelRemoved);
    return gone;
  }

  /** @return every channel of the connection, which it no longer counts as its own */
  List<String> forgetAll() {
    return forget(List.copyOf(channels));
  }

  /** @return how many channels the connection holds */
  int count() {
    return count;
  }
}
