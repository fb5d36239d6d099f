package dev.switchboard.channel.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A bounded send buffer in front of a socket: it counts the bytes written whose write has not
 * completed (handed to the OS) and refuses a message while that count is at or above the maximum,
 * so that the memory held for one stalled receiver never exceeds the maximum plus one message.
 *
 * <p>Threading: all methods on the socket's context, except {@link #pendingBytes()}, readable from any
 * thread (a recent value).
 */
public final class SendBuffer {

  /** The outcome of {@link #offer(Buffer)}. */
  public enum Result {
    /** Handed whole to the OS socket during the call. */
    WRITTEN,
    /** Accepted and pending. */
    QUEUED,
    /** Refused: the buffer was at or above its maximum. */
    DROPPED
  }

  private final WriteStream<Buffer> out;
  private final long maxSize;
  private volatile long pending;

  /**
   * @param out     the socket
   * @param maxSize the maximum of pending bytes, positive
   */
  public SendBuffer(WriteStream<Buffer> out, long maxSize) {
    this.out = out;
    this.maxSize = maxSize;
  }

  /**
   * Writes the message unless the buffer is full.
   *
   * @param message the bytes to write (may be shared with other buffers; never modified)
   * @return what happened to the message
   */
  public Result offer(Buffer message) {
    if (pending >= maxSize) {
      return Result.DROPPED;
    }
    int size = message.length();
    pending += size;
    boolean[] done = {false};
    out.write(message).onComplete(ar -> {
      pending -= size;
      done[0] = true;
    });
    return done[0] ? Result.WRITTEN : Result.QUEUED;
  }

  /**
   * @return the bytes written and not yet handed to the OS
   */
  public long pendingBytes() {
    return pending;
  }

  /**
   * @return whether the next message would be refused
   */
  public boolean full() {
    return pending >= maxSize;
  }
}
