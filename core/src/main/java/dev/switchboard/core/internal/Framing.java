package dev.switchboard.core.internal;

import io.vertx.core.buffer.Buffer;

/**
 * Length-prefix framing (Workerman's {@code frame} protocol): a uint32 big-endian length that
 * counts its own 4 bytes, then the payload; a frame of length 4 (empty payload) is a ping. {@link
 * FrameParser} reads it. Stateless; every method is thread-safe.
 */
public final class Framing {

  /** Bytes of the length header. */
  public static final int HEADER = 4;

  private static final Buffer PING = Buffer.buffer().appendInt(HEADER);

  private Framing() {
  }

  /**
   * @return a ping frame (empty payload); a fresh copy, safe to write anywhere
   */
  public static Buffer ping() {
    return PING.copy();
  }

  /**
   * @param payload the payload
   * @return the frame: length header then payload
   */
  public static Buffer frame(Buffer payload) {
    return Buffer.buffer(HEADER + payload.length())
        .appendInt(HEADER + payload.length())
        .appendBuffer(payload);
  }
}
