package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.SendResult;
import io.netty.channel.ChannelFuture;
import io.vertx.core.Future;

/**
 * One connection's send buffer accounting: the bytes out, the pending bytes (written, the write
 * not completed yet), the bound, and the full / drain transitions with their counters and
 * events. The connection decides what a transition means for it (callbacks, pipes, a close
 * waiting for the buffer to empty) through {@link Events}.
 *
 * <p>Transitions: {@code full} once when the pending bytes reach the bound, not again until a
 * drain; {@code drain} once when they come back to zero after a full or a queued write, unless
 * the accounting was {@link #stop() stopped} (the connection was destroyed or closed, and the
 * writes its close fails drain nothing).
 *
 * <p>Threading: on the connection's context; {@link #pending()} and {@link #bytesWritten()} may be
 * read from any thread (a recent value).
 */
final class SendAccounting {

  static final String BUFFER_FULL_MESSAGE = "send buffer full and drop package";
  static final String CLIENT_CLOSED_MESSAGE = "client closed";

  /** What a transition means for the connection; called on its context. */
  interface Events {

    /** The pending bytes reached the bound. */
    void bufferFull();

    /** The pending bytes came back to zero. */
    void bufferDrain();

    /** A send failed (counted already): the application's {@code onError(SEND_FAIL, message)}. */
    void sendFailed(String message);
  }

  private final GatewayStats stats;
  private final Events events;
  private volatile long pending;
  private volatile long bytesWritten;
  private int max;
  private boolean full;
  private boolean stopped;

  /**
   * @param stats  the verticle's counters
   * @param max    the bound, bytes
   * @param events the connection's side of the transitions
   */
  SendAccounting(GatewayStats stats, int max, Events events) {
    this.stats = stats;
    this.max = max;
    this.events = events;
  }

  long pending() {
    return pending;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  int max() {
    return max;
  }

  void max(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxSendBufferSize must be > 0, got " + max);
    }
    this.max = max;
  }

  /** @return whether the pending bytes are at the bound (since the last drain) */
  boolean isFull() {
    return full;
  }

  /**
   * @param unflushed bytes written before in the same batch, not accounted yet
   * @return whether another message may be written: the pending bytes are below the bound
   */
  boolean hasRoom(long unflushed) {
    return pending + unflushed < max;
  }

  /**
   * A message found the buffer at its bound: counted as dropped and as a failed send.
   *
   * @return {@link SendResult#DROPPED}
   */
  SendResult drop() {
    stats.increment(Counter.DROPPED);
    failSend(BUFFER_FULL_MESSAGE);
    return SendResult.DROPPED;
  }

  /** A send failed: counted ({@code send_fail}) and told to the application. */
  void failSend(String message) {
    stats.increment(Counter.SEND_FAIL);
    events.sendFailed(message);
  }

  /**
   * Accounts one Vert.x write: its bytes out and, until it completes, pending.
   *
   * @param written the write's future
   * @param size    the bytes it puts on the wire
   * @return {@link SendResult#WRITTEN} when it completed at once, {@link SendResult#QUEUED} when
   *     pending, {@link SendResult#CLOSED} when it failed at once
   */
  SendResult track(Future<Void> written, int size) {
    if (written.isComplete()) {
      return done(size, written.succeeded());
    }
    queued(size);
    written.onComplete(ar -> completed(size));
    return SendResult.QUEUED;
  }

  /**
   * Accounts one Netty write, as {@link #track(Future, int)} does.
   *
   * @param written the write's future
   * @param size    the bytes it puts on the wire
   * @return as {@link #track(Future, int)}
   */
  SendResult track(ChannelFuture written, int size) {
    if (written.isDone()) {
      return done(size, written.isSuccess());
    }
    queued(size);
    written.addListener(f -> completed(size));
    return SendResult.QUEUED;
  }

  private SendResult done(int size, boolean succeeded) {
    if (!succeeded) {
      return SendResult.CLOSED;
    }
    bytesWritten += size;
    stats.add(Counter.BYTES_OUT, size);
    return SendResult.WRITTEN;
  }

  /** A write of {@code size} bytes is pending. */
  void queued(int size) {
    bytesWritten += size;
    stats.add(Counter.BYTES_OUT, size);
    pending += size;
    stats.add(Counter.PENDING_BYTES, size);
    if (!full && pending >= max) {
      full = true;
      stats.increment(Counter.BUFFER_FULL);
      events.bufferFull();
    }
  }

  /** A pending write of {@code size} bytes completed (or failed). */
  void completed(int size) {
    pending -= size;
    stats.add(Counter.PENDING_BYTES, -size);
    if (pending > 0 || stopped) {
      return;
    }
    full = false;
    stats.increment(Counter.BUFFER_DRAIN);
    events.bufferDrain();
  }

  /** The connection is destroyed or closed: what completes from now on drains nothing. */
  void stop() {
    stopped = true;
  }
}
