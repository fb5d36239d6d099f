package dev.switchboard.gateway.impl;

import dev.switchboard.channel.impl.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;

/**
 * A message to send, encoded once per protocol and shared by every connection it goes to: the
 * UTF-8 or binary payload (WebSocket), the frame (frame protocol, by the channel codec) and the
 * line (text protocol). A connection's write takes a view of these bytes, never a copy.
 *
 * <p>Threading: immutable once built; the per-protocol forms are computed on first use by any
 * thread (a race computes equal bytes twice, harmlessly).
 */
final class Outbound {

  private final Buffer payload;
  private final boolean text;
  private volatile Buffer frame;
  private volatile Buffer line;
  private volatile int newline = -1;

  private Outbound(Buffer payload, boolean text) {
    this.payload = payload;
    this.text = text;
  }

  static Outbound text(String message) {
    return new Outbound(Buffer.buffer(message.getBytes(StandardCharsets.UTF_8)), true);
  }

  static Outbound binary(Buffer message) {
    return new Outbound(message, false);
  }

  /**
   * @param payload a received message's bytes
   * @param text    whether it was a text message
   * @return the message, to forward it
   */
  static Outbound of(Buffer payload, boolean text) {
    return new Outbound(payload, text);
  }

  boolean isText() {
    return text;
  }

  int payloadLength() {
    return payload.length();
  }

  /**
   * @return a WebSocket text or binary frame over the shared payload (a new frame object, the
   *     same bytes)
   */
  WebSocketFrame webSocketFrame() {
    if (text) {
      return new WebSocketFrameImpl(WebSocketFrameType.TEXT,
          ((BufferInternal) payload).getByteBuf(), true);
    }
    return WebSocketFrame.binaryFrame(payload, true);
  }

  /**
   * @return the bytes of the WebSocket frame on the wire (a server frame is not masked)
   */
  int webSocketWireSize() {
    int length = payload.length();
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    return header + length;
  }

  /**
   * @return the frame of the frame protocol: a 4-byte length, then the payload
   */
  Buffer frame() {
    Buffer encoded = frame;
    if (encoded == null) {
      encoded = Frames.frame(payload);
      frame = encoded;
    }
    return encoded;
  }

  /**
   * @return the line of the text protocol: the payload and {@code \n}
   * @throws IllegalArgumentException when the payload contains {@code \n}
   */
  Buffer line() {
    Buffer encoded = line;
    if (encoded == null) {
      if (hasNewline()) {
        throw new IllegalArgumentException("a text-protocol message must not contain \\n (at byte "
            + newline + ")");
      }
      encoded = Buffer.buffer(payload.length() + 1).appendBuffer(payload).appendByte((byte) '\n');
      line = encoded;
    }
    return encoded;
  }

  /**
   * @return whether the payload contains {@code \n}, which the text protocol cannot carry
   */
  boolean hasNewline() {
    if (newline == -1) {
      byte[] bytes = payload.getBytes();
      int at = bytes.length;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          at = i;
          break;
        }
      }
      newline = at;
    }
    return newline < payload.length();
  }
}
