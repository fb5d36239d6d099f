package dev.switchboard.bench.channel;

import java.util.Arrays;

/**
 * The published data of the channel benchmark: exactly {@value #SIZE} ASCII characters carrying a
 * sequence number and the send time, padded with {@code '.'}. Layout: 19 decimal digits of the
 * sequence number, a space, 19 decimal digits of the send time in nanoseconds since the cell's
 * origin ({@link System#nanoTime()} in the load generator, which runs the publisher and every
 * subscriber), then padding. Ours publishes it as a JSON string, Redis as the PUBLISH message; both
 * subscribers get it back as a {@link String} and read it with the same code.
 *
 * <p>Stateless; safe from any thread.
 */
final class Payload {

  /** Characters (and bytes) of one payload. */
  static final int SIZE = 128;

  private static final int DIGITS = 19;
  private static final int TIME_AT = DIGITS + 1;
  private static final char[] TEMPLATE = template();

  private Payload() {
  }

  private static char[] template() {
    char[] chars = new char[SIZE];
    Arrays.fill(chars, '.');
    chars[DIGITS] = ' ';
    chars[TIME_AT + DIGITS] = ' ';
    return chars;
  }

  /**
   * @param seq         the sequence number, 0 or more
   * @param offsetNanos the send time in nanoseconds since the cell's origin, 0 or more
   * @return the payload
   */
  static String encode(long seq, long offsetNanos) {
    char[] chars = TEMPLATE.clone();
    write(chars, 0, seq);
    write(chars, TIME_AT, offsetNanos);
    return new String(chars);
  }

  /**
   * @param payload a payload made by {@link #encode}
   * @return its sequence number
   */
  static long seq(String payload) {
    return read(payload, 0);
  }

  /**
   * @param payload a payload made by {@link #encode}
   * @return its send time in nanoseconds since the cell's origin
   */
  static long offsetNanos(String payload) {
    return read(payload, TIME_AT);
  }

  private static void write(char[] chars, int at, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    long rest = value;
    for (int i = at + DIGITS - 1; i >= at; i--) {
      chars[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }

  private static long read(String payload, int at) {
    if (payload.length() != SIZE) {
      throw new IllegalArgumentException("payload of " + payload.length() + " characters, not "
          + SIZE);
    }
    long value = 0;
    for (int i = at; i < at + DIGITS; i++) {
      char c = payload.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a benchmark payload");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
