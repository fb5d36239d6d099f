package dev.switchboard.core.internal;

import dev.switchboard.core.internal.FrameException.Reason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Splits a byte stream into frames: a uint32 big-endian length that counts its own 4 bytes, then
 * the payload ({@link Framing}). A length below 4 or above the maximum is a protocol error: the
 * parser reports it once and ignores everything after it (the stream cannot be resynchronised).
 *
 * <p>Linear in the bytes received, however they are split, paused and resumed: the bytes of an
 * incomplete frame are held in one buffer that grows by doubling (never past the frame's declared
 * length while it holds one frame) and each chunk is appended to it once; only what follows the
 * last complete frame of a chunk is copied anew, and the frames held while paused are handed over
 * from where they are. A peer that announces a large frame costs memory only as its bytes arrive.
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
public final class FrameParser implements Handler<Buffer> {

  private final int maxPackageSize;
  private final Consumer<Buffer> frameHandler;
  private final Consumer<FrameException> errorHandler;
  /** The bytes held (owned by the parser) from {@link #start} on, or null when none are. */
  private Buffer pending;
  /** Where the bytes not handed over yet start in {@link #pending}. */
  private int start;
  /** The capacity allocated for {@link #pending}. */
  private int capacity;
  private boolean failed;
  private boolean paused;
  /** Frames are being handed over: a resume from a frame handler lets that go on. */
  private boolean parsing;
  private long copiedBytes;

  /**
   * @param maxPackageSize the largest frame accepted, header included
   * @param frameHandler   receives each frame's payload (empty for a ping)
   * @param errorHandler   receives the one protocol error
   */
  public FrameParser(int maxPackageSize, Consumer<Buffer> frameHandler,
      Consumer<FrameException> errorHandler) {
    this.maxPackageSize = maxPackageSize;
    this.frameHandler = frameHandler;
    this.errorHandler = errorHandler;
  }

  @Override
  public void handle(Buffer chunk) {
    if (failed) {
      return;
    }
    if (pending == null) {
      parse(chunk, 0);
    } else {
      append(chunk);
      parse(pending, start);
    }
  }

  /** Hands over the complete frames of {@code buf} from {@code pos} on (a chunk, or the held). */
  private void parse(Buffer buf, int pos) {
    parsing = true;
    try {
      while (!failed && !paused && buf.length() - pos >= Framing.HEADER) {
        long length = buf.getUnsignedInt(pos);
        if (length < Framing.HEADER) {
          fail(Reason.BAD_FRAME, "frame length " + length + " is below 4");
        } else if (length > maxPackageSize) {
          fail(Reason.FRAME_TOO_LARGE, "frame length " + length + " is over maxPackageSize "
              + maxPackageSize);
        } else if (buf.length() - pos < length) {
          break;
        } else {
          Buffer payload = buf.slice(pos + Framing.HEADER, pos + (int) length);
          pos += (int) length;
          frameHandler.accept(payload);
        }
      }
    } finally {
      parsing = false;
      // also when a frame handler throws: the frames handed over stay consumed
      if (failed || pos == buf.length()) {
        release();
      } else if (buf != pending) {
        // a new partial frame: its bytes are copied once
        hold(buf, pos);
      } else if (paused || pos == start) {
        // the held bytes, maybe partly handed over before a pause: the rest stays where it is,
        // not copied again for each frame a paused reader takes; frames handed over keep
        // sharing the buffer, whose bytes are only ever appended to, never written again
        start = pos;
      } else {
        // reading on, frames handed over: the rest (part of one frame) moves to a buffer of its
        // size, so that an idle connection holds no more than that
        hold(buf, pos);
      }
    }
  }

  /**
   * Appends a chunk to the held bytes. When it does not fit, the bytes not handed over move to a
   * new buffer that grows by doubling, up to the frame's declared length while they are one
   * frame; so each byte is copied a bounded number of times however the stream is split, paused
   * and resumed.
   */
  private void append(Buffer chunk) {
    if (pending.length() + chunk.length() > capacity) {
      int live = pending.length() - start;
      long needed = (long) live + chunk.length();
      long doubled = Math.max(needed, 2L * live);
      long declared = live >= Framing.HEADER ? pending.getUnsignedInt(start) : doubled;
      long target = needed <= declared ? Math.min(doubled, declared) : doubled;
      int grown = (int) Math.min(Integer.MAX_VALUE - 8, target);
      Buffer bigger = Buffer.buffer(grown).appendBuffer(pending, start, live);
      copiedBytes += live;
      pending = bigger;
      start = 0;
      capacity = grown;
    }
    pending.appendBuffer(chunk);
    copiedBytes += chunk.length();
  }

  /** Holds the bytes of {@code source} from {@code from} on, in a buffer of the parser's own. */
  private void hold(Buffer source, int from) {
    int length = source.length() - from;
    Buffer held = Buffer.buffer(length).appendBuffer(source, from, length);
    copiedBytes += length;
    pending = held;
    start = 0;
    capacity = length;
  }

  private void release() {
    pending = null;
    start = 0;
    capacity = 0;
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
      if (pending != null && !failed && !parsing) { // from a frame handler: the loop goes on
        parse(pending, start);
      }
    }
  }

  /**
   * @return the bytes held: an incomplete frame (non-zero when a peer closes mid-frame), and
   *     while paused the frames not handed over
   */
  public int pendingBytes() {
    return pending == null ? 0 : pending.length() - start;
  }

  /**
   * @return whether the stream failed with a protocol error
   */
  public boolean failed() {
    return failed;
  }

  /**
   * @return the bytes copied into the parser's own buffers since it was made (a test's measure
   *     of its work, linear in the bytes received)
   */
  long copiedBytes() {
    return copiedBytes;
  }

  private void fail(Reason reason, String message) {
    failed = true;
    errorHandler.accept(new FrameException(reason, message));
  }
}
