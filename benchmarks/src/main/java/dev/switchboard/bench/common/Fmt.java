package dev.switchboard.bench.common;

import java.util.List;
import java.util.Locale;

/**
 * Medians and number formats of every benchmark report; "–" stands for a missing figure (NaN,
 * or negative where only non-negative values make sense).
 *
 * <p>Stateless; safe from any thread.
 */
public final class Fmt {

  public static final String NONE = "–";
  private static final double KIB = 1024;
  private static final double MIB = 1024 * 1024;

  private Fmt() {
  }

  /**
   * @param values some figures, NaN for missing ones
   * @return the median of those present (mean of the middle two for an even count), NaN if none
   */
  public static double median(List<Double> values) {
    double[] present = values.stream().filter(v -> v != null && !v.isNaN())
        .mapToDouble(Double::doubleValue).sorted().toArray();
    if (present.length == 0) {
      return Double.NaN;
    }
    int mid = present.length / 2;
    return present.length % 2 == 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
  }

  /** @return e.g. "123,456" */
  public static String count(double value) {
    return Double.isNaN(value) ? NONE : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** @return a rate or a count that cannot be negative: "123,456", "–" when negative */
  public static String rate(double value) {
    return value < 0 ? NONE : count(value);
  }

  /** @return milliseconds: "0.84", "12.3", "4,051" */
  public static String millis(double value) {
    if (Double.isNaN(value) || value < 0) {
      return NONE;
    }
    if (value < 10) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return value < 100 ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** @return microseconds: "3.2", "145" */
  public static String micros(double value) {
    if (Double.isNaN(value) || value < 0) {
      return NONE;
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }

  /** @return a ratio: "1.23" */
  public static String ratio(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return NONE;
    }
    return String.format(Locale.ROOT, value >= 0.1 ? "%.2f" : "%.3f", value);
  }

  /**
   * @param ours a figure of ours (negative or NaN: missing)
   * @param peer the same figure of the peer (0, negative or NaN: missing)
   * @return ours / peer as {@link #ratio(double)} prints it
   */
  public static String ratio(double ours, double peer) {
    return ours < 0 || !(peer > 0) ? NONE : ratio(ours / peer);
  }

  /** @return system calls per event: "0.125" */
  public static String calls(double value) {
    return Double.isNaN(value) || value < 0 ? NONE : String.format(Locale.ROOT, "%.3f", value);
  }

  /** @return a share as a percentage: "97%" */
  public static String percent(double share) {
    return Double.isNaN(share) || share < 0 ? NONE
        : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /** @return bytes as MiB: "12.3" (may be negative: a growth) */
  public static String mib(double bytes) {
    return Double.isNaN(bytes) ? NONE : String.format(Locale.ROOT, "%.1f", unsigned(bytes / MIB,
        0.05));
  }

  /** @return bytes as KiB: "3.21" (may be negative: a growth) */
  public static String kib(double bytes) {
    return Double.isNaN(bytes) ? NONE : String.format(Locale.ROOT, "%.2f", unsigned(bytes / KIB,
        0.005));
  }

  /** Values that would print as "-0.0": 0, so that they print as "0.0". */
  private static double unsigned(double value, double half) {
    return Math.abs(value) < half ? 0 : value;
  }

  /** @return bytes as MiB for figures that may be absent (negative = absent) */
  public static String mibOrNone(long bytes) {
    return bytes < 0 ? NONE : mib(bytes);
  }
}
