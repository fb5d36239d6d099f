package dev.switchboard.channel.impl;

import dev.switchboard.core.internal.Backoff;
import io.vertx.core.net.HostAndPort;

import java.util.List;

/**
 * Which channel server a remote client tries next, and how long it waits before: the same server
 * again after a lost connection, the next of the list after a failed attempt, with delays that
 * grow by a {@link Backoff} until a connection is ready.
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class ServerRotation {

  private final List<HostAndPort> servers;
  private final Backoff backoff;
  private int index;
  private int attempt;
  private int failures;

  /**
   * @param servers the servers, tried in this order from the first; not empty
   * @param backoff the delays between attempts
   */
  ServerRotation(List<HostAndPort> servers, Backoff backoff) {
    this.servers = List.copyOf(servers);
    this.backoff = backoff;
  }

  /** @return the server to try next */
  HostAndPort current() {
    return servers.get(index);
  }

  /** A connection became ready: the delays and the count of failures start again. */
  void ready() {
    attempt = 0;
    failures = 0;
  }

  /**
   * The attempt on the {@link #current()} server failed: the next server of the list is tried next.
   *
   * @return whether every server has failed since the last ready connection (or the start)
   */
  boolean failed() {
    index = (index + 1) % servers.size();
    return ++failures >= servers.size();
  }

  /** @return the delay before the next attempt, in milliseconds, with jitter; counts an attempt */
  long nextDelay() {
    return backoff.delay(attempt++);
  }
}
