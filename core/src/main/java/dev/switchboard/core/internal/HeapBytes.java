package dev.switchboard.core.internal;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * The bytes of a {@link Buffer} where they are: the bytes a socket delivered are (a slice of) a
 * heap buffer, which parsers read in place rather than through {@link Buffer#getBytes()}, a copy.
 *
 * @param array the array holding the bytes; never modify it
 * @param from  the first byte
 * @param to    the byte after the last
 */
public record HeapBytes(byte[] array, int from, int to) {

  /**
   * @param buffer a buffer
   * @return its bytes in place when it is a heap buffer, else a copy of them
   */
  public static HeapBytes of(Buffer buffer) {
    // Vert.x internal: Buffer's public API copies; only the internal view gives array and offset
    if (buffer instanceof BufferInternal internal && internal.unwrap().hasArray()) {
      ByteBuf bytes = internal.unwrap();
      int from = bytes.arrayOffset() + bytes.readerIndex();
      return new HeapBytes(bytes.array(), from, from + bytes.readableBytes());
    }
    byte[] bytes = buffer.getBytes();
    return new HeapBytes(bytes, 0, bytes.length);
  }

  /**
   * @return the number of bytes
   */
  public int length() {
    return to - from;
  }
}
