package dev.switchboard.bench.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks and formats of command-line values shared by every benchmark's options: seconds,
 * bounded integers, comma-separated lists. Errors are {@link IllegalArgumentException}s whose
 * message names the option.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Args {

  private static final Duration MAX_SECONDS = Duration.ofSeconds(600);

  private Args() {
  }

  /** A duration as seconds with one decimal. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  /** The value after an option. */
  public static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  /** Seconds, at least {@code min}, at most 600. */
  public static Duration seconds(String option, String text, double min) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + text, e);
    }
    Duration d = Duration.ofMillis(Math.round(value * 1000));
    if (value < min || d.compareTo(MAX_SECONDS) > 0) {
      throw new IllegalArgumentException(option + " must be between " + min + " and "
          + MAX_SECONDS.toSeconds() + " seconds");
    }
    return d;
  }

  /** Milliseconds, a fraction allowed, between 0.1 and 60,000. */
  public static double millis(String option, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + text, e);
    }
    if (value < 0.1 || value > 60_000) {
      throw new IllegalArgumentException(option + " must be between 0.1 and 60000 ms");
    }
    return value;
  }

  /** An integer within bounds. */
  public static int integer(String option, String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not an integer: " + text, e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
    }
    return value;
  }

  /** A comma-separated list without duplicates. */
  public static <T> List<T> list(String text, Function<String, T> parser) {
    List<T> values = new ArrayList<>(new LinkedHashSet<>(
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(parser).toList()));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("empty list: " + text);
    }
    return List.copyOf(values);
  }
}
