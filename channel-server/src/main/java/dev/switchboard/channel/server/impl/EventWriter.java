package dev.switchboard.channel.server.impl;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.core.internal.SendBuffer;
import io.vertx.core.buffer.Buffer;

/**
 * Writes the events of one connection through its bounded {@link SendBuffer}, with the server's
 * overflow policy when it is full: {@code DROP} drops the event (counted in {@code sendFail} and
 * {@code drops}, logged once per run of drops), {@code CLOSE} disconnects the slow subscriber
 * ({@code slowDisconnects}). Whatever the connection's encoding, the frame is already encoded.
 *
 * <p>Threading: {@link #write} on the connection's context; the counts are read from any thread.
 */
final class EventWriter {

  private final long id;
  private final SendBuffer out;
  private final ServerStats stats;
  private final OverflowPolicy policy;
  private final RateLimitedLog clientLog;
  private final Runnable abort;
  private volatile long eventsOut;
  private volatile long drops;
  private boolean dropping;

  /**
   * @param id     the connection's id, for the log
   * @param out    its send buffer
   * @param server its server
   * @param abort  closes the connection at once (the {@code CLOSE} policy)
   */
  EventWriter(long id, SendBuffer out, ChannelServerImpl server, Runnable abort) {
    this.id = id;
    this.out = out;
    this.stats = server.counters();
    this.policy = server.options().getOverflowPolicy();
    this.clientLog = server.clientLog();
    this.abort = abort;
  }

  /**
   * @param frame an event frame, or null when the event has no form in the connection's encoding
   *              (counted in {@code sendFail}, not written)
   * @return whether it was written (false: dropped)
   */
  boolean write(Buffer frame) {
    if (frame == null) {
      drops++;
      stats.sendFail.increment();
      return false;
    }
    if (out.offer(frame) == SendBuffer.Result.DROPPED) {
      drops++;
      stats.sendFail.increment();
      stats.drops.increment();
      if (policy == OverflowPolicy.CLOSE) {
        stats.slowDisconnects.increment();
        clientLog.warn("Channel connection={} is a slow consumer ({} bytes pending); disconnected",
            id, out.pendingBytes());
        abort.run();
      } else if (!dropping) {
        dropping = true;
        clientLog.warn("Channel connection={} send buffer full ({} bytes pending); dropping events",
            id, out.pendingBytes());
      }
      return false;
    }
    dropping = false;
    eventsOut++;
    stats.eventsOut.increment();
    stats.bytesOut.add(frame.length());
    return true;
  }

  /** @return the events written to the connection */
  long eventsOut() {
    return eventsOut;
  }

  /** @return the events not written to it (a full send buffer, no form in its encoding) */
  long drops() {
    return drops;
  }
}
