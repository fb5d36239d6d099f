package dev.switchboard.core.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a finite double as PHP 8's {@code serialize()} does ({@code serialize_precision = -1}):
 * the shortest decimal digits that read back as the same double, then PHP's layout: plain digits
 * when the decimal exponent is within -4 … 17 ({@code 0.0001}, {@code 1.5}, {@code 100},
 * {@code 1000000000000000}), else scientific with a signed exponent and at least one fraction
 * digit ({@code 1.0E-5}, {@code 1.0E+25}, {@code 1.2345678901234568E+20}); {@code -0} keeps its
 * sign. Checked against PHP itself by {@code PhpSerializeTest}.
 *
 * <p>Stateless; safe from any thread.
 */
final class PhpFloats {

  /** PHP's {@code php_gcvt} switches to scientific above this many integer digits. */
  private static final int PRECISION = 17;

  private PhpFloats() {
  }

  static String format(double value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal shortest = shortest(value);
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.digits × 10^decpt, as dtoa reports it
    int decpt = digits.length() - shortest.scale();
    StringBuilder out = new StringBuilder(32);
    if (value < 0) {
      out.append('-');
    }
    if (decpt < 0 ? decpt < -3 : decpt > PRECISION) {
      int exponent = decpt - 1;
      out.append(digits.charAt(0)).append('.');
      out.append(digits.length() == 1 ? "0" : digits.substring(1));
      out.append('E').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    } else if (decpt <= 0) {
      out.append("0.");
      out.append("0".repeat(-decpt));
      out.append(digits);
    } else if (decpt >= digits.length()) {
      out.append(digits).append("0".repeat(decpt - digits.length()));
    } else {
      out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    }
    return out.toString();
  }

  /** @return the fewest significant digits that read back as {@code value}, trailing zeros cut */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < PRECISION; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == value) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(PRECISION, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
