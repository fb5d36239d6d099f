package dev.switchboard.globaldata.impl;

import java.util.regex.Pattern;

/**
 * PHP's arithmetic as Workerman's GlobalData server applies it in {@code increment}: which values
 * are numbers ({@code is_numeric}: ints, floats and numeric strings such as {@code " 12"} or
 * {@code "1e3"}) and what {@code $value + $step} gives (an int unless either side is a float or
 * the sum leaves the 64-bit range, which gives a float, as in PHP).
 *
 * <p>Stateless; thread-safe.
 */
final class PhpNumbers {

  /** PHP 8's numeric strings: optional whitespace around a decimal or exponent number. */
  private static final Pattern NUMERIC = Pattern.compile(
      "[ \\t\\n\\r\\u000B\\f]*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?[ \\t\\n\\r\\u000B\\f]*");
  private static final Pattern INTEGRAL = Pattern.compile(
      "[ \\t\\n\\r\\u000B\\f]*[+-]?\\d+[ \\t\\n\\r\\u000B\\f]*");

  private PhpNumbers() {
  }

  /**
   * @param value a decoded value (JSON or PHP): a number, a string, anything else
   * @return its number as PHP reads it ({@link Long} or {@link Double}), or null when PHP's
   *     {@code is_numeric} says it is none (a bool, an array, null, any other string)
   */
  static Number numeric(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Number n) {
      // a BigInteger or BigDecimal read from JSON: PHP would hold it as a float
      return n.doubleValue();
    }
    if (value instanceof String s && s.length() <= 400 && NUMERIC.matcher(s).matches()) {
      String trimmed = s.strip();
      if (INTEGRAL.matcher(s).matches()) {
        try {
          return Long.parseLong(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
        } catch (NumberFormatException e) {
          // beyond the 64-bit range: PHP reads it as a float
        }
      }
      return Double.parseDouble(trimmed);
    }
    return null;
  }

  /**
   * @param a a number from {@link #numeric}
   * @param b a number from {@link #numeric}
   * @return {@code a + b} as PHP computes it, or null when the result is not finite (PHP's INF,
   *     which GlobalData cannot store)
   */
  static Number add(Number a, Number b) {
    if (a instanceof Long x && b instanceof Long y) {
      long sum = x + y;
      // the overflow test of Math.addExact; PHP gives a float instead of failing
      if (((x ^ sum) & (y ^ sum)) >= 0) {
        return sum;
      }
    }
    double sum = a.doubleValue() + b.doubleValue();
    return Double.isFinite(sum) ? sum : null;
  }
}
