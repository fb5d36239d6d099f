package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
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

  /**
   * Frames up to this many bytes are copied into each write rather than viewed: a view costs two
   * wrapper objects per write (an {@code UnreleasableByteBuf} and a duplicate), a copy lands in the
   * event loop's pooled direct memory, recycled once written, and is as large as the frame. Larger
   * frames are viewed, so what waits for a slow client stays one shared copy of the bytes.
   */
  static final int COPY_LIMIT = 512;

  private final Buffer payload;
  private final boolean text;
  private boolean shared;
  private volatile ByteBuf webSocketFrame;
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

  /**
   * Marks a message many connections will send (a broadcast): its WebSocket frame is kept in
   * direct memory. Call before the first send.
   *
   * @return this
   */
  Outbound shared() {
    shared = true;
    return this;
  }

  boolean isText() {
    return text;
  }

  /**
   * @return the whole WebSocket frame, header and payload (a server's frames are not masked, so
   *     every connection sends the same bytes); for a {@link #shared()} message in direct memory,
   *     which sockets write from without a copy. Never released (the garbage collector frees it),
   *     so a write takes a {@link ByteBuf#duplicate() duplicate} and no connection touches a
   *     shared reference count
   */
  ByteBuf webSocketFrame() {
    ByteBuf encoded = webSocketFrame;
    if (encoded == null) {
      int length = payload.length();
      int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
      ByteBuf bytes = shared
          ? Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(header + length)).clear()
          : Unpooled.buffer(header + length);
      bytes.writeByte(0x80 | (text ? 0x1 : 0x2)); // FIN, text or binary
      if (length < 126) {
        bytes.writeByte(length);
      } else if (length < 65536) {
        bytes.writeByte(126).writeShort(length);
      } else {
        bytes.writeByte(127).writeLong(length);
      }
      // BufferInternal: Vert.x 5's public Buffer gives its bytes only as a copy (getBytes), which
      // would copy every message twice on its way into the frame; nothing public serves
      ByteBuf source = ((BufferInternal) payload).getByteBuf();
      bytes.writeBytes(source, source.readerIndex(), length);
      encoded = Unpooled.unreleasableBuffer(bytes);
      webSocketFrame = encoded;
    }
    return encoded;
  }

  /**
   * @param alloc the connection's allocator (its event loop's pool)
   * @return what one connection writes of {@link #webSocketFrame()}, released by the write: a
   *     copy in {@code alloc}'s direct memory up to {@link #COPY_LIMIT} bytes, else a
   *     {@link ByteBuf#duplicate() duplicate} of the shared frame. The shared frame's indexes are
   *     never moved, so any thread may take either at once
   */
  ByteBuf webSocketWrite(ByteBufAllocator alloc) {
    ByteBuf frame = webSocketFrame();
    int size = frame.readableBytes();
    if (size > COPY_LIMIT) {
      return frame.duplicate();
    }
    return alloc.directBuffer(size, size).writeBytes(frame, frame.readerIndex(), size);
  }

  /**
   * @return the frame of the frame protocol: a 4-byte length, then the payload
   */
  Buffer frame() {
    Buffer encoded = frame;
    if (encoded == null) {
      encoded = Framing.frame(payload);
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
      int length = payload.length();
      int at = length;
      for (int i = 0; i < length; i++) { // scanned in place: a copy would double a broadcast
        if (payload.getByte(i) == '\n') {
          at = i;
          break;
        }
      }
      newline = at;
    }
    return newline < payload.length();
  }
}
