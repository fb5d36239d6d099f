package dev.switchboard.core.internal;

import dev.switchboard.core.internal.PhpSerializeException.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * PHP's {@code serialize()} format, read into JSON values and written from them, for the
 * Workerman-compatible listeners (Channel, GlobalData, GatewayWorker).
 *
 * <p>Reading gives {@code null}, {@link Boolean}, {@link Long}, {@link Double}, {@link String}
 * (a byte string that is valid UTF-8), {@link Buffer} (one that is not), {@link JsonArray} (an
 * array whose keys are 0, 1, … in order) and {@link JsonObject} (any other array; int keys become
 * their decimal strings). Objects ({@code O:}, {@code C:}), references ({@code r:}, {@code R:}),
 * enums ({@code E:}), escaped strings ({@code S:}) and non-finite floats are refused: never
 * instantiated, never followed. Lengths and counts are checked against the bytes left before
 * anything is allocated; depth and the total element count are bounded.
 *
 * <p>Writing takes those types and also {@link Integer}, {@link Short}, {@link Byte}, {@link
 * Float}, {@link BigInteger} (in the 64-bit range), {@code byte[]}, {@link List} and {@link Map}.
 * It writes what PHP 8's {@code serialize()} writes for the value PHP reads back: object keys PHP
 * stores as ints ({@code "5"}, {@code "-3"}, not {@code "05"}) become {@code i:} keys and floats are
 * formatted as PHP formats them ({@link PhpFloats}), so {@code encode(decode(x))} equals PHP's
 * {@code serialize(unserialize(x))} byte for byte (what Workerman's GlobalData {@code cas} compares).
 *
 * <p>Stateless; safe from any thread.
 */
public final class PhpSerialize {

  /** The deepest nesting of arrays read or written by default. */
  public static final int DEFAULT_MAX_DEPTH = 32;
  /** The most array elements in one value read by default (all levels together). */
  public static final int DEFAULT_MAX_ELEMENTS = 100_000;

  private PhpSerialize() {
  }

  /**
   * @param payload exactly one serialized value
   * @return the value read (see the class comment for the types)
   * @throws PhpSerializeException when it is malformed, of a refused kind or over a default limit
   */
  public static Object decode(Buffer payload) {
    return decode(payload, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS);
  }

  /**
   * @param payload     exactly one serialized value
   * @param maxDepth    the deepest nesting of arrays accepted (1 = arrays of scalars)
   * @param maxElements the most array elements accepted, all levels together
   * @return the value read
   * @throws PhpSerializeException when it is malformed, of a refused kind or over a limit
   */
  public static Object decode(Buffer payload, int maxDepth, int maxElements) {
    return new PhpReader(payload, maxDepth, maxElements).readWhole();
  }

  /**
   * @param value a JSON value (see the class comment for the types)
   * @return its serialized form
   * @throws PhpSerializeException for a type with no PHP form, a non-finite float or nesting
   *     deeper than {@link #DEFAULT_MAX_DEPTH}
   */
  public static Buffer encode(Object value) {
    Buffer out = Buffer.buffer(64);
    encode(value, out);
    return out;
  }

  /**
   * @param value a JSON value
   * @param out   where its serialized form is appended
   * @throws PhpSerializeException as {@link #encode(Object)}; {@code out} may then hold a part
   */
  public static void encode(Object value, Buffer out) {
    write(value, out, 0);
  }

  /**
   * @param value a value {@link #decode} gave
   * @return whether it holds no byte string that is not UTF-8 ({@link Buffer}) at any depth: only
   *     then has it a JSON form (Vert.x's JSON types would hand such a string out, and encode it,
   *     as base64 text); the raw maps and lists are read, their accessors would convert
   */
  public static boolean isText(Object value) {
    if (value instanceof Buffer) {
      return false;
    }
    if (value instanceof JsonObject object) {
      return object.getMap().values().stream().allMatch(PhpSerialize::isText);
    }
    if (value instanceof JsonArray array) {
      return array.getList().stream().allMatch(PhpSerialize::isText);
    }
    return true;
  }

  /**
   * @param key an object key
   * @return the int PHP stores that key as, or null when PHP keeps it a string
   */
  static Long intKey(String key) {
    int length = key.length();
    if (length == 0 || length > 20) {
      return null;
    }
    int start = key.charAt(0) == '-' ? 1 : 0;
    if (start == length || (key.charAt(start) == '0' && length > start + 1)
        || (start == 1 && key.equals("-0"))) {
      return null;
    }
    for (int i = start; i < length; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException outOfRange) {
      return null;
    }
  }

  private static void write(Object value, Buffer out, int depth) {
    if (value == null) {
      out.appendString("N;");
    } else if (value instanceof Boolean bool) {
      out.appendString(bool ? "b:1;" : "b:0;");
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      out.appendString("i:").appendString(value.toString()).appendByte((byte) ';');
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new PhpSerializeException(Reason.UNSUPPORTED_VALUE,
            "an integer beyond PHP's 64-bit range: " + big, -1);
      }
      out.appendString("i:").appendString(big.toString()).appendByte((byte) ';');
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw new PhpSerializeException(Reason.UNSUPPORTED_VALUE,
            "a non-finite float (" + number + ") has no JSON form", -1);
      }
      out.appendString("d:").appendString(PhpFloats.format(number)).appendByte((byte) ';');
    } else if (value instanceof String text) {
      writeBytes(text.getBytes(StandardCharsets.UTF_8), out);
    } else if (value instanceof Buffer bytes) {
      writeBytes(bytes.getBytes(), out);
    } else if (value instanceof byte[] bytes) {
      writeBytes(bytes, out);
    } else if (value instanceof JsonArray array) {
      writeList(array.getList(), out, depth);
    } else if (value instanceof List<?> list) {
      writeList(list, out, depth);
    } else if (value instanceof JsonObject object) {
      writeMap(object.getMap(), out, depth);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(map, out, depth);
    } else {
      throw new PhpSerializeException(Reason.UNSUPPORTED_VALUE,
          "no PHP form for a " + value.getClass().getName(), -1);
    }
  }

  private static void writeBytes(byte[] bytes, Buffer out) {
    out.appendString("s:").appendString(Integer.toString(bytes.length)).appendString(":\"")
        .appendBytes(bytes).appendString("\";");
  }

  private static void enter(int depth) {
    if (depth >= DEFAULT_MAX_DEPTH) {
      throw new PhpSerializeException(Reason.UNSUPPORTED_VALUE,
          "arrays nested deeper than " + DEFAULT_MAX_DEPTH, -1);
    }
  }

  private static void writeList(List<?> list, Buffer out, int depth) {
    enter(depth);
    out.appendString("a:").appendString(Integer.toString(list.size())).appendString(":{");
    int index = 0;
    for (Object element : list) {
      out.appendString("i:").appendString(Integer.toString(index++)).appendByte((byte) ';');
      write(element, out, depth + 1);
    }
    out.appendByte((byte) '}');
  }

  private static void writeMap(Map<?, ?> map, Buffer out, int depth) {
    enter(depth);
    out.appendString("a:").appendString(Integer.toString(map.size())).appendString(":{");
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Long asInt = intKey(key);
      if (asInt != null) {
        out.appendString("i:").appendString(asInt.toString()).appendByte((byte) ';');
      } else {
        writeBytes(key.getBytes(StandardCharsets.UTF_8), out);
      }
      write(entry.getValue(), out, depth + 1);
    }
    out.appendByte((byte) '}');
  }
}
