package dev.switchboard.globaldata.impl;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks, at every depth, that a value survives storage as JSON text exactly: that decoding its
 * encoding gives back the same JSON value, with the same JSON types, and does not fail. Vert.x
 * encodes some Java values as something else (a {@code byte[]}, a {@code Buffer} or an
 * {@code Instant} as a string, a NaN as the string "NaN"), decodes every fractional or exponent
 * number as a {@code double} ({@code 1e400} comes back as Infinity, a 30-digit decimal rounded),
 * and its decoder refuses what Jackson's read limits refuse (nesting, number, string and field
 * name lengths), which would make a stored value unreadable. The limits checked are Jackson's
 * defaults, which Vert.x's decoder starts from (its {@code vertx.jackson.*} system properties can
 * change them; a node that lowers them should lower them everywhere).
 *
 * <p>The walk is iterative and bounded by the nesting limit, so a value that contains itself is
 * refused rather than overflowing the stack. Stateless; safe from any thread.
 */
final class JsonRoundTrip {

  private JsonRoundTrip() {
  }

  /**
   * @param key   the key, for the error message
   * @param value the value, not null
   * @throws GlobalDataException INVALID_VALUE naming the first part that would not round-trip
   *     (its type and depth, never its content)
   */
  static void check(String key, Object value) {
    StreamReadConstraints limits = StreamReadConstraints.defaults();
    Deque<Part> pending = new ArrayDeque<>();
    pending.push(new Part(value, 0));
    while (!pending.isEmpty()) {
      Part part = pending.pop();
      Object raw = part.value;
      if (raw instanceof JsonObject object) {
        raw = object.getMap();
      } else if (raw instanceof JsonArray array) {
        raw = array.getList();
      }
      if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
        int depth = part.depth + 1;
        if (depth > limits.getMaxNestingDepth()) {
          throw refused(key, "is nested deeper than " + limits.getMaxNestingDepth()
              + " levels (or contains itself)", raw, part.depth);
        }
        if (raw instanceof Map<?, ?> map) {
          for (Map.Entry<?, ?> field : map.entrySet()) {
            if (!(field.getKey() instanceof String name)) {
              throw refused(key, "has a field name that is not a String", field.getKey(), depth);
            }
            if (name.length() > limits.getMaxNameLength()) {
              throw refused(key, "has a field name longer than " + limits.getMaxNameLength()
                  + " characters", name, depth);
            }
            pending.push(new Part(field.getValue(), depth));
          }
        } else {
          for (Object element : (List<?>) raw) {
            pending.push(new Part(element, depth));
          }
        }
      } else {
        checkScalar(key, raw, part.depth, limits);
      }
    }
  }

  private static void checkScalar(String key, Object value, int depth,
                                  StreamReadConstraints limits) {
    if (value == null) {
      // a null field or element is JSON null (the caller refuses a null value as a whole)
      return;
    }
    if (value instanceof String text) {
      if (text.length() > limits.getMaxStringLength()) {
        throw refused(key, "has a string longer than " + limits.getMaxStringLength()
            + " characters", value, depth);
      }
      return;
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      return;
    }
    if (value instanceof Double || value instanceof Float) {
      if (!Double.isFinite(((Number) value).doubleValue())) {
        throw refused(key, "is not a finite number", value, depth);
      }
      return;
    }
    if (value instanceof BigInteger big) {
      checkNumberLength(key, big.toString(), value, depth, limits);
      return;
    }
    if (value instanceof BigDecimal decimal) {
      String text = decimal.toString();
      checkNumberLength(key, text, value, depth, limits);
      // an integral text decodes as an integer, exactly; any other as a double
      boolean integral = text.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
      if (!integral && !sameAsDouble(decimal, text)) {
        throw refused(key, "is a decimal that a double cannot hold exactly (out of range "
            + "or too precise)", value, depth);
      }
      return;
    }
    throw refused(key, "is not JSON-compatible (String, Number, Boolean, JsonObject, "
        + "JsonArray)", value, depth);
  }

  private static boolean sameAsDouble(BigDecimal decimal, String text) {
    double decoded = Double.parseDouble(text);
    return Double.isFinite(decoded)
        && new BigDecimal(Double.toString(decoded)).compareTo(decimal) == 0;
  }

  private static void checkNumberLength(String key, String text, Object value, int depth,
                                        StreamReadConstraints limits) {
    if (text.length() > limits.getMaxNumberLength()) {
      throw refused(key, "has a number longer than " + limits.getMaxNumberLength()
          + " characters", value, depth);
    }
  }

  private static GlobalDataException refused(String key, String why, Object part, int depth) {
    String where = depth == 0 ? "Value" : "Part of the value at depth " + depth;
    return new GlobalDataException(Reason.INVALID_VALUE, where + " (a "
        + part.getClass().getName() + ") " + why + ", so it would not read back as stored "
        + "[key=" + key + "]");
  }

  /** A value still to check and how deep it sits (0 for the whole value). */
  private record Part(Object value, int depth) {
  }
}
