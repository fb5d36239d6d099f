package dev.switchboard.globaldata.impl;

import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * How GlobalData values are stored (JSON text) and compared (by value). Used on callers and,
 * inside the entry processors, on the partition owners.
 *
 * <p>Stateless; safe from any thread.
 */
public final class JsonValues {

  private JsonValues() {
  }

  /**
   * Encodes a value as JSON text after checking it is JSON-compatible at every depth, reads back
   * exactly as given ({@link JsonRoundTrip}), and is not too large.
   *
   * @param key     the key, for the error message
   * @param value   the value
   * @param maxSize the largest encoded size accepted, in UTF-8 bytes
   * @return the JSON text
   * @throws GlobalDataException INVALID_VALUE or VALUE_TOO_LARGE
   */
  public static String encode(String key, Object value, int maxSize) {
    if (value == null) {
      throw new GlobalDataException(Reason.INVALID_VALUE,
          "Null is not a value, use delete [key=" + key + "]");
    }
    if (!isSupportedType(value)) {
      throw new GlobalDataException(Reason.INVALID_VALUE, "Value of type "
          + value.getClass().getName() + " is not JSON-compatible (String, Number, Boolean, "
          + "JsonObject, JsonArray) [key=" + key + "]");
    }
    JsonRoundTrip.check(key, value);
    String text;
    try {
      text = Json.encode(value);
    } catch (EncodeException e) {
      throw new GlobalDataException(Reason.INVALID_VALUE,
          "Value cannot be encoded as JSON: " + e.getMessage() + " [key=" + key + "]", e);
    }
    // a UTF-8 character takes at most 3 bytes per UTF-16 unit: count exactly only near the limit
    if ((long) text.length() * 3 > maxSize) {
      int size = text.getBytes(StandardCharsets.UTF_8).length;
      if (size > maxSize) {
        throw new GlobalDataException(Reason.VALUE_TOO_LARGE, "Encoded value of " + size
            + " bytes is over the maximum of " + maxSize + " [key=" + key + "]");
      }
    }
    return text;
  }

  /**
   * @param text JSON text written by {@link #encode}, or null
   * @return the value, or null for null
   */
  public static Object decode(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new GlobalDataException(Reason.BACKEND, "Stored value is not JSON", e);
    }
  }

  /**
   * Checks a number for {@code increment} and normalises it to {@link Long} or {@link Double}.
   *
   * @param key  the key, for the error message
   * @param step the step
   * @return the step as Long (integral) or Double (floating)
   * @throws GlobalDataException INVALID_VALUE when null, not finite or out of the 64-bit range
   */
  public static Number normaliseStep(String key, Number step) {
    if (step == null || !isSupportedType(step)) {
      throw new GlobalDataException(Reason.INVALID_VALUE,
          "Step must be a non-null number [key=" + key + "]");
    }
    if (isIntegral(step)) {
      if (step instanceof BigInteger big && big.bitLength() > 63) {
        throw new GlobalDataException(Reason.INVALID_VALUE,
            "Step is out of the 64-bit range [key=" + key + "]");
      }
      return step.longValue();
    }
    double d = step.doubleValue();
    if (!Double.isFinite(d)) {
      throw new GlobalDataException(Reason.INVALID_VALUE,
          "Step must be finite [key=" + key + "]");
    }
    return d;
  }

  /**
   * Equality by value: numbers by numeric value whatever their Java type, objects regardless of
   * key order, arrays element by element.
   *
   * @param a a decoded value or null
   * @param b a decoded value or null
   * @return true when both denote the same JSON value
   */
  public static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return sameNumber(x, y);
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (String field : x.fieldNames()) {
        if (!y.containsKey(field) || !sameValue(x.getValue(field), y.getValue(field))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.getValue(i), y.getValue(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger;
  }

  private static boolean sameNumber(Number x, Number y) {
    if (isIntegral(x) && isIntegral(y) && !(x instanceof BigInteger) && !(y instanceof BigInteger)) {
      return x.longValue() == y.longValue();
    }
    if (!isFinite(x) || !isFinite(y)) {
      // never stored by this version, but a value written before it could decode as Infinity
      return x.doubleValue() == y.doubleValue();
    }
    return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
  }

  private static boolean isFinite(Number n) {
    return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
  }

  private static boolean isSupportedType(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f);
    }
    if (value instanceof Number n) {
      return isIntegral(n) || n instanceof BigDecimal;
    }
    return value instanceof String || value instanceof Boolean || value instanceof JsonObject
        || value instanceof JsonArray;
  }
}
