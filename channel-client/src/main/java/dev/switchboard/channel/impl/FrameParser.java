package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Splits a byte stream into frames: a uint32 big-endian length that counts its own 4 bytes, then
 * the payload. A length below 4 or above the maximum is a protocol error: the parser reports it
 * once and ignores everything after it (the stream cannot be resynchronised).
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
public final class FrameParser implements Handler<Buffer> {

  private final int maxPackageSize;
  private final Consumer<Buffer> frameHandler;
  private final Consumer<ChannelException> errorHandler;
  private Buffer pending;
  private boolean failed;
  private boolean paused;

  /**
   * @param maxPackageSize the largest frame accepted, header included
   * @param frameHandler   receives each frame's payload (empty for a ping)
   * @param errorHandler   receives the one protocol error
   */
  public FrameParser(int maxPackageSize, Consumer<Buffer> frameHandler,
      Consumer<ChannelException> errorHandler) {
    this.maxPackageSize = maxPackageSize;
    this.frameHandler = frameHandler;
    this.errorHandler = errorHandler;
  }

  @Override
  public void handle(Buffer chunk) {
    if (failed) {
      return;
    }
    Buffer buf = pending == null ? chunk : pending.appendBuffer(chunk);
    int pos = 0;
    try {
      while (!failed && !paused && buf.length() - pos >= Frames.HEADER) {
        long length = buf.getUnsignedInt(pos);
        if (length < Frames.HEADER) {
          fail(Reason.BAD_FRAME, "frame length " + length + " is below 4");
        } else if (length > maxPackageSize) {
          fail(Reason.FRAME_TOO_LARGE, "frame length " + length + " is over maxPackageSize "
              + maxPackageSize);
        } else if (buf.length() - pos < length) {
          break;
        } else {
          Buffer payload = buf.slice(pos + Frames.HEADER, pos + (int) length);
          pos += (int) length;
          frameHandler.accept(payload);
        }
      }
    } finally {
      // also when a frame handler throws: the frames handed over stay consumed
      pending = failed || pos == buf.length() ? null : buf.getBuffer(pos, buf.length());
    }
  }

  /**
   * Stops handing frames over: the bytes received are held until {@link #resume()}, also the
   * complete frames of a chunk being parsed when this is called from the frame handler.
   */
  public void pause() {
    paused = true;
  }

  /** Hands over the complete frames held, then the next ones as they arrive. */
  public void resume() {
    if (paused) {
      paused = false;
      if (pending != null) {
        Buffer held = pending;
        pending = null;
        handle(held);
      }
    }
  }

  /**
   * @return the bytes held: an incomplete frame (non-zero when a peer closes mid-frame), and
   *     while paused the frames not handed over
   */
  public int pendingBytes() {
    return pending == null ? 0 : pending.length();
  }

  /**
   * @return whether the stream failed with a protocol error
   */
  public boolean failed() {
    return failed;
  }

  private void fail(Reason reason, String message) {
    failed = true;
    errorHandler.accept(new ChannelException(reason, message));
  }
}
