package dev.switchboard.core.internal;

import dev.switchboard.core.internal.PhpSerializeException.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one PHP {@code serialize()} value ({@link PhpSerialize#decode(Buffer, int, int)}): a
 * recursive descent over the bytes, each length and count checked against what is left before
 * anything is allocated.
 *
 * <p>One instance reads one payload on one thread.
 */
final class PhpReader {

  /** The fewest bytes an array element takes: {@code i:0;N;}. */
  private static final int MIN_ELEMENT_BYTES = 6;

  private final Buffer in;
  private final int end;
  private final int maxDepth;
  private int elementsLeft;
  private int pos;

  PhpReader(Buffer in, int maxDepth, int maxElements) {
    this.in = in;
    this.end = in.length();
    this.maxDepth = maxDepth;
    this.elementsLeft = maxElements;
  }

  Object readWhole() {
    Object value = readValue(0);
    if (pos != end) {
      throw error(Reason.MALFORMED, (end - pos) + " bytes after the value");
    }
    return value;
  }

  private Object readValue(int depth) {
    byte kind = next();
    switch (kind) {
      case 'N':
        expect(';');
        return null;
      case 'b': {
        expect(':');
        long bool = readLong(';');
        if (bool != 0 && bool != 1) {
          throw error(Reason.MALFORMED, "a boolean that is neither 0 nor 1");
        }
        return bool == 1;
      }
      case 'i':
        expect(':');
        return readLong(';');
      case 'd':
        expect(':');
        return readDouble();
      case 's':
        expect(':');
        return readString();
      case 'a':
        expect(':');
        return readArray(depth);
      case 'O', 'C':
        throw refused("PHP objects are refused");
      case 'r', 'R':
        throw refused("PHP references are refused");
      case 'E':
        throw refused("PHP enums are refused");
      case 'S':
        throw refused("escaped strings (S:) are refused");
      default:
        pos--;
        throw error(Reason.MALFORMED, "unknown type '" + printable(kind) + "'");
    }
  }

  private Object readString() {
    int length = readLength(':', end - pos);
    expect('"');
    if (length > end - pos - 2) {
      throw error(Reason.LIMIT, "a string of " + length + " bytes longer than the payload");
    }
    int start = pos;
    pos += length;
    expect('"');
    expect(';');
    return text(start, length);
  }

  private Object readArray(int depth) {
    int start = pos;
    int count = readLength(':', Integer.MAX_VALUE);
    if (depth >= maxDepth) {
      pos = start;
      throw error(Reason.LIMIT, "arrays nested deeper than " + maxDepth);
    }
    if (count > (end - pos) / MIN_ELEMENT_BYTES) {
      pos = start;
      throw error(Reason.LIMIT, "an array of " + count + " elements longer than the payload");
    }
    if (count > elementsLeft) {
      pos = start;
      throw error(Reason.LIMIT, "more array elements than the limit");
    }
    elementsLeft -= count;
    expect('{');
    Map<String, Object> entries = new LinkedHashMap<>(Math.min(count, 1024) * 4 / 3 + 1);
    for (int i = 0; i < count; i++) {
      String key = readKey();
      entries.put(key, readValue(depth + 1));
    }
    expect('}');
    return isList(entries) ? new JsonArray(new java.util.ArrayList<>(entries.values()))
        : new JsonObject(entries);
  }

  private String readKey() {
    int start = pos;
    byte kind = next();
    if (kind == 'i') {
      expect(':');
      return Long.toString(readLong(';'));
    }
    if (kind == 's') {
      expect(':');
      Object key = readString();
      if (key instanceof String text) {
        Long asInt = PhpSerialize.intKey(text);
        return asInt == null ? text : asInt.toString();
      }
      pos = start;
      throw error(Reason.MALFORMED, "an array key that is not UTF-8");
    }
    pos = start;
    throw error(Reason.MALFORMED, "an array key that is neither an int nor a string");
  }

  private static boolean isList(Map<String, Object> entries) {
    int index = 0;
    for (String key : entries.keySet()) {
      if (!key.equals(Integer.toString(index++))) {
        return false;
      }
    }
    return true;
  }

  private Object text(int start, int length) {
    byte[] bytes = in.getBytes(start, start + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      return Buffer.buffer(bytes);
    }
  }

  /** Reads a non-negative decimal int up to {@code terminator}, at most {@code max}. */
  private int readLength(char terminator, int max) {
    int start = pos;
    long value = readLong(terminator);
    if (value < 0 || value > max) {
      pos = start;
      throw error(value < 0 ? Reason.MALFORMED : Reason.LIMIT,
          "a length of " + value + (value < 0 ? "" : " beyond the payload"));
    }
    return (int) value;
  }

  private long readLong(char terminator) {
    int start = pos;
    boolean negative = false;
    if (pos < end && (in.getByte(pos) == '-' || in.getByte(pos) == '+')) {
      negative = in.getByte(pos) == '-';
      pos++;
    }
    int digitsAt = pos;
    long value = 0;
    while (pos < end && in.getByte(pos) >= '0' && in.getByte(pos) <= '9') {
      int digit = in.getByte(pos) - '0';
      // accumulate negatively so that Long.MIN_VALUE fits
      if (value < (Long.MIN_VALUE + digit) / 10) {
        pos = start;
        throw error(Reason.MALFORMED, "an integer beyond 64 bits");
      }
      value = value * 10 - digit;
      pos++;
    }
    if (pos == digitsAt) {
      throw error(Reason.MALFORMED, "a number expected");
    }
    expect(terminator);
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        pos = start;
        throw error(Reason.MALFORMED, "an integer beyond 64 bits");
      }
      return -value;
    }
    return value;
  }

  private double readDouble() {
    int start = pos;
    int stop = start;
    while (stop < end && in.getByte(stop) != ';' && stop - start < 64) {
      stop++;
    }
    String token = in.getString(start, stop, "ISO-8859-1");
    if (token.equals("INF") || token.equals("-INF") || token.equals("NAN")) {
      throw new PhpSerializeException(Reason.REFUSED_KIND,
          "a non-finite float (" + token + ") has no JSON form", start);
    }
    if (!token.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw error(Reason.MALFORMED, "a malformed float");
    }
    double value = Double.parseDouble(token);
    if (!Double.isFinite(value)) {
      throw new PhpSerializeException(Reason.REFUSED_KIND, "a float beyond the double range",
          start);
    }
    pos = stop;
    expect(';');
    return value;
  }

  private byte next() {
    if (pos >= end) {
      throw error(Reason.MALFORMED, "the payload ends early");
    }
    return in.getByte(pos++);
  }

  private void expect(char c) {
    if (pos >= end) {
      throw error(Reason.MALFORMED, "the payload ends early, '" + c + "' expected");
    }
    if (in.getByte(pos) != c) {
      throw error(Reason.MALFORMED, "'" + c + "' expected, got '" + printable(in.getByte(pos))
          + "'");
    }
    pos++;
  }

  private PhpSerializeException refused(String what) {
    return new PhpSerializeException(Reason.REFUSED_KIND, what, Math.max(0, pos - 1));
  }

  private PhpSerializeException error(Reason reason, String what) {
    return new PhpSerializeException(reason, what, pos);
  }

  private static String printable(byte b) {
    return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
  }
}
