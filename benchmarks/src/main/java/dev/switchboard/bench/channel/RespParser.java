package dev.switchboard.bench.channel;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Splits a byte stream from redis-server into RESP2 values, for the benchmark's minimal Redis
 * client ({@link RespConnection}): simple strings and bulk strings as {@link String}, integers as
 * {@link Long}, errors as {@link RespError}, arrays as {@code Object[]}, nil as {@link #NIL}. An
 * incomplete value is kept until the rest arrives.
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
final class RespParser implements Handler<Buffer> {

  /** The nil bulk string or array. */
  static final Object NIL = new Object();

  /** An error reply ({@code -ERR ...}). */
  record RespError(String message) {
  }

  private static final Object INCOMPLETE = new Object();

  private final Consumer<Object> values;
  private Buffer pending;
  private int at;

  /**
   * @param values receives each complete top-level value, in order
   */
  RespParser(Consumer<Object> values) {
    this.values = values;
  }

  @Override
  public void handle(Buffer chunk) {
    Buffer buf = pending == null ? chunk : pending.appendBuffer(chunk);
    int pos = 0;
    while (pos < buf.length()) {
      at = pos;
      Object value = parse(buf);
      if (value == INCOMPLETE) {
        break;
      }
      pos = at;
      values.accept(value);
    }
    pending = pos == buf.length() ? null : buf.getBuffer(pos, buf.length());
  }

  private Object parse(Buffer buf) {
    if (at >= buf.length()) {
      return INCOMPLETE;
    }
    byte type = buf.getByte(at);
    int lineEnd = lineEnd(buf, at + 1);
    if (lineEnd < 0) {
      return INCOMPLETE;
    }
    int lineStart = at + 1;
    at = lineEnd + 2;
    switch (type) {
      case '+':
        return buf.getString(lineStart, lineEnd);
      case '-':
        return new RespError(buf.getString(lineStart, lineEnd));
      case ':':
        return number(buf, lineStart, lineEnd);
      case '$': {
        long length = number(buf, lineStart, lineEnd);
        if (length < 0) {
          return NIL;
        }
        int start = at;
        if (buf.length() < start + length + 2) {
          return INCOMPLETE;
        }
        at = start + (int) length + 2;
        return buf.getString(start, start + (int) length);
      }
      case '*': {
        long count = number(buf, lineStart, lineEnd);
        if (count < 0) {
          return NIL;
        }
        Object[] items = new Object[(int) count];
        for (int i = 0; i < items.length; i++) {
          Object item = parse(buf);
          if (item == INCOMPLETE) {
            return INCOMPLETE;
          }
          items[i] = item;
        }
        return items;
      }
      default:
        throw new IllegalStateException("not RESP2: type byte " + type);
    }
  }

  /** The index of the CR of the first CRLF at or after {@code from}, or -1. */
  private static int lineEnd(Buffer buf, int from) {
    for (int i = from; i < buf.length() - 1; i++) {
      if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static long number(Buffer buf, int from, int to) {
    boolean negative = buf.getByte(from) == '-';
    long value = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      value = value * 10 + (buf.getByte(i) - '0');
    }
    return negative ? -value : value;
  }
}
