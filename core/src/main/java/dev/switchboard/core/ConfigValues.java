package dev.switchboard.core;

import dev.switchboard.core.ConfigKeys.Type;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The value checks of {@link ConfigKeys}: whether a JSON value is of a key's type, and the one-line
 * messages naming the key (values and keys shown escaped and shortened, so that they cannot break
 * or flood a log line).
 *
 * <p>Threading: stateless; thread-safe.
 */
final class ConfigValues {

  /** Characters of a wrong value shown in a message, at most. */
  static final int MAX_SHOWN_VALUE = 60;

  private ConfigValues() {
  }

  /**
   * @throws IllegalArgumentException naming the key when the value is not of its type
   */
  static void check(String key, Type type, Object value) {
    boolean ok = switch (type) {
      case STRING -> value instanceof String;
      case BOOLEAN -> value instanceof Boolean;
      case OBJECT -> value instanceof JsonObject || value instanceof Map;
      case STRINGS -> strings(value);
      case INT -> whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG -> whole(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case ANY -> true;
    };
    if (!ok) {
      throw wrongType(key, type, value);
    }
  }

  private static boolean strings(Object value) {
    if (!(value instanceof JsonArray) && !(value instanceof List)) {
      return false;
    }
    Iterable<?> items = value instanceof JsonArray array ? array : (List<?>) value;
    for (Object item : items) {
      if (!(item instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** A number with no fraction within [min, max]: what getInteger/getLong read without loss. */
  private static boolean whole(Object value, long min, long max) {
    if (!(value instanceof Number number)) {
      return false;
    }
    BigDecimal exact;
    try {
      exact = number instanceof BigInteger big ? new BigDecimal(big)
          : number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      return false; // NaN or an infinity
    }
    return exact.stripTrailingZeros().scale() <= 0
        && exact.compareTo(BigDecimal.valueOf(min)) >= 0
        && exact.compareTo(BigDecimal.valueOf(max)) <= 0;
  }

  static IllegalArgumentException wrongType(String key, Type type, Object value) {
    String shown;
    try {
      shown = Json.encode(value);
    } catch (RuntimeException e) {
      shown = String.valueOf(value);
    }
    if (shown.length() > MAX_SHOWN_VALUE) { // Json.encode escaped the C0 controls
      shown = shown.substring(0, MAX_SHOWN_VALUE) + "...";
    }
    boolean number = value instanceof Number;
    String expected = (type == Type.INT || type == Type.LONG) && number
        ? "a whole number" + (type == Type.INT ? " from " + Integer.MIN_VALUE + " to "
        + Integer.MAX_VALUE : "") : type.expected;
    return new IllegalArgumentException(key + " must be " + expected + ", got " + safe(shown));
  }

  /** A key as a JSON string: control characters escaped, so that it cannot break a log line. */
  static String quoted(String key) {
    return safe(Json.encode(key));
  }

  /** Escapes what Jackson leaves as it is but a log line must not hold (DEL, C1, U+2028/9). */
  private static String safe(String encoded) {
    StringBuilder text = new StringBuilder(encoded.length());
    encoded.chars().forEach(c -> text.append(c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
        ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return text.toString();
  }
}
