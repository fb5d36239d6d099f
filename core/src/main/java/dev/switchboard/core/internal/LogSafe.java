package dev.switchboard.core.internal;

/**
 * Makes client-supplied text safe to put in a log line: control characters (C0, DEL, C1, and the
 * Unicode line and paragraph separators) are written as escapes ({@code \n}, {@code \r},
 * {@code \t}, {@code \}{@code uXXXX}), so that a request type, channel name, op or path can never
 * end a log line and forge the next one. Used by every listener's log lines (channel server,
 * gateway).
 *
 * <p>Threading: stateless; thread-safe.
 */
public final class LogSafe {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogSafe() {
  }

  /**
   * @param value any value (its {@code toString()}), or null
   * @return its text with control characters escaped; "null" for null
   */
  public static String escape(Object value) {
    String text = String.valueOf(value);
    int i = 0;
    while (i < text.length() && !control(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!control(c)) {
        escaped.append(c);
      } else if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '\r') {
        escaped.append("\\r");
      } else if (c == '\t') {
        escaped.append("\\t");
      } else {
        escaped.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      }
    }
    return escaped.toString();
  }

  private static boolean control(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
