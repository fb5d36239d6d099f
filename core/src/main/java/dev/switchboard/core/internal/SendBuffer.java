package dev.switchboard.core.internal;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A bounded, batching send buffer in front of a socket. Messages offered during one turn of the
 * socket's event loop are written with one system call at the end of the turn, or when they reach
 * 32 KiB (or a quarter of the maximum): a fan-out of many events to one subscriber costs one
 * write, not one per event. A message alone in its turn is written as it is (a view of its bytes,
 * which may be shared with other sockets); from the second one on, the turn's messages are copied
 * into one batch, sized from the previous batch. Pending bytes are those of the turn plus those
 * written whose write has not completed (handed to the OS); {@link #offer(Buffer)} refuses a
 * message while they are at or above the maximum, so the memory held for one stalled receiver
 * never exceeds the maximum plus one message.
 *
 * <p>Threading: all methods on the socket's context, except {@link #pendingBytes()}, readable from
 * any thread (a recent value).
 */
public final class SendBuffer {

  /** The outcome of {@link #offer(Buffer)}. */
  public enum Result {
    /** Accepted: written at the end of this event-loop turn. */
    QUEUED,
    /** Refused: the buffer was at or above its maximum. */
    DROPPED
  }

  private static final int MIN_BATCH = 4096;
  private static final int MAX_BATCH = 32 * 1024;

  private final WriteStream<Buffer> out;
  private final Context context;
  private final long maxSize;
  private final long batchLimit;
  private volatile long pending;
  /**
   * The turn's first message, not copied while it is alone (at a low rate, nearly every turn: a
   * batch of {@link #MIN_BATCH} bytes for one small message would be most of the allocation).
   */
  private Buffer lone;
  /** The turn's messages, copied, once there are two. */
  private Buffer batch;
  /**
   * The capacity of the next batch: the size of the last one (up to the batch limit) and
   * {@link #MIN_BATCH} more, so that a connection as busy as in its last turn gets a batch that
   * does not grow (growing copies what the batch holds, at every doubling).
   */
  private int nextBatch = MIN_BATCH;
  private Runnable drainHandler;

  /**
   * @param out     the socket
   * @param context the socket's context
   * @param maxSize the maximum of pending bytes, positive
   */
  public SendBuffer(WriteStream<Buffer> out, Context context, long maxSize) {
    this.out = out;
    this.context = context;
    this.maxSize = maxSize;
    this.batchLimit = Math.max(1, Math.min(MAX_BATCH, maxSize / 4));
  }

  /**
   * Queues a message unless the buffer is full.
   *
   * @param message the bytes to send, not changed afterwards by the caller (written as they are
   *                when alone in their turn, else copied; may be shared with other buffers)
   * @return whether the message was queued or dropped
   */
  public Result offer(Buffer message) {
    if (pending >= maxSize) {
      return Result.DROPPED;
    }
    write(message);
    return Result.QUEUED;
  }

  /**
   * Queues a message whatever the pending bytes (answers to requests, which must keep their order
   * with the events and are bounded by the requests that ask for them).
   *
   * @param message the bytes to send, not changed afterwards by the caller (as for {@link
   *                #offer(Buffer)})
   */
  public void write(Buffer message) {
    int queued;
    if (lone == null && batch == null) {
      lone = message;
      queued = message.length();
      context.runOnContext(v -> flush());
    } else {
      if (batch == null) {
        batch = Buffer.buffer(Math.max(nextBatch, lone.length() + message.length()));
        batch.appendBuffer(lone);
        lone = null;
      }
      batch.appendBuffer(message);
      queued = batch.length();
    }
    pending += message.length();
    if (queued >= batchLimit) {
      // a burst: hand it over now, so that a reader that keeps up never meets the bound
      flush();
    }
  }

  /** Hands the turn's messages to the socket now. */
  public void flush() {
    Buffer written = batch != null ? batch : lone;
    if (written == null) {
      return;
    }
    batch = null;
    lone = null;
    int size = written.length();
    // room for the last turn's bytes (at most the limit) and a message more
    nextBatch = (int) (Math.min(size, batchLimit) + MIN_BATCH);
    out.write(written).onComplete(ar -> {
      pending -= size;
      if (drainHandler != null && pending <= maxSize / 2) {
        drainHandler.run();
      }
    });
  }

  /**
   * @return whether the pending bytes are at or above the maximum (an {@link #offer(Buffer)}
   *     would be refused)
   */
  public boolean full() {
    return pending >= maxSize;
  }

  /**
   * @param handler run, on the socket's context, each time a write completes with the pending
   *                bytes at or below half the maximum (a reader paused while {@link #full()} may
   *                go on)
   */
  public void drainHandler(Runnable handler) {
    this.drainHandler = handler;
  }

  /**
   * @return the bytes queued or written and not yet handed to the OS
   */
  public long pendingBytes() {
    return pending;
  }
}
