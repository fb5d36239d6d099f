package dev.switchboard.globaldata.impl;

import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The computations of the built-in server-side updates, run by {@link UpdateProcessor} on the
 * partition owner: each takes the decoded current value (null when absent) and returns the value
 * to store, or {@link #UNCHANGED}; it throws a {@link GlobalDataException} to refuse (nothing is
 * then changed).
 *
 * <p>Stateless; safe from any thread.
 */
final class BuiltInUpdates {

  /** Returned when the update leaves the value as it is. */
  static final Object UNCHANGED = new Object();

  private BuiltInUpdates() {
  }

  /**
   * @param current  the current value, or null
   * @param value    the candidate
   * @param greatest true for {@code max}, false for {@code min}
   * @return the candidate when it beats the current value (or the key is absent), else UNCHANGED
   */
  static Object extreme(String key, Object current, Number value, boolean greatest) {
    if (current == null) {
      return value;
    }
    int order = compare(number(key, current, greatest ? "max" : "min"), value);
    return (greatest ? order < 0 : order > 0) ? value : UNCHANGED;
  }

  /**
   * @return current + step when it does not exceed limit (an absent key counts as 0), else
   *     UNCHANGED
   */
  static Object incrementIfLess(String key, Object current, Number step, Number limit) {
    Number base = current == null ? 0L : number(key, current, "incrementIfLess");
    Number next = IncrementProcessor.add(base, step);
    if (next == null) {
      throw new GlobalDataException(Reason.OVERFLOW, "incrementIfLess would overflow [key="
          + key + "]");
    }
    return compare(next, limit) <= 0 ? next : UNCHANGED;
  }

  /**
   * @return the array with the element added at its end, its first elements dropped beyond
   *     maxLength; an absent key counts as an empty array
   */
  static Object append(String key, Object current, Object element, long maxLength) {
    JsonArray array;
    if (current == null) {
      array = new JsonArray();
    } else if (current instanceof JsonArray existing) {
      array = existing;
    } else {
      throw new GlobalDataException(Reason.WRONG_TYPE, "Cannot append to a value that is not a "
          + "JSON array [key=" + key + "]");
    }
    array.add(element);
    int excess = (int) Math.max(0, array.size() - maxLength);
    if (excess > 0) {
      array.getList().subList(0, excess).clear();
    }
    return array;
  }

  /**
   * JSON merge patch (RFC 7386) into an object: a field of the patch set to null removes the
   * field, an object merges into the field's object recursively, any other value (an array
   * included) replaces the field. An absent key counts as an empty object.
   */
  static Object merge(String key, Object current, JsonObject patch) {
    if (current == null) {
      return mergePatch(new JsonObject(), patch);
    }
    if (!(current instanceof JsonObject object)) {
      throw new GlobalDataException(Reason.WRONG_TYPE, "Cannot merge into a value that is not a "
          + "JSON object [key=" + key + "]");
    }
    return mergePatch(object, patch);
  }

  /** Recursion depth is bounded by the nesting limit a stored patch passed (JsonRoundTrip). */
  private static JsonObject mergePatch(JsonObject target, JsonObject patch) {
    for (String field : patch.fieldNames()) {
      Object value = patch.getValue(field);
      if (value == null) {
        target.remove(field);
      } else if (value instanceof JsonObject nested) {
        Object existing = target.getValue(field);
        target.put(field, mergePatch(existing instanceof JsonObject o ? o : new JsonObject(),
            nested));
      } else {
        target.put(field, value);
      }
    }
    return target;
  }

  private static Number number(String key, Object current, String op) {
    if (current instanceof Number n) {
      return n;
    }
    throw new GlobalDataException(Reason.NOT_NUMERIC, "Cannot " + op + " a value that is not a "
        + "number [key=" + key + "]");
  }

  /** Numeric order whatever the Java types (exact, also between longs and doubles). */
  static int compare(Number a, Number b) {
    if (JsonValues.isIntegral(a) && JsonValues.isIntegral(b)
        && !(a instanceof BigInteger) && !(b instanceof BigInteger)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (!Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
      // never stored by this version, but a value written before it could decode as Infinity
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
  }
}
