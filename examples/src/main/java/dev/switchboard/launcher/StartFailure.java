package dev.switchboard.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The one line a failed start is reported with instead of a stack trace: the messages of the
 * failure's cause chain, each said once ({@code gateway HTTP port 127.0.0.1:8282 is in use (held
 * by pid 4242 java)}, {@code port must be a number, got "abc"}, {@code class not found:
 * com.example.Missing}, a missing PEM file's path), bounded in length and with no line break.
 *
 * <p>Threading: stateless; thread-safe.
 */
final class StartFailure {

  /** Causes read, at most. */
  private static final int MAX_CAUSES = 8;

  /** Characters of the line, at most. */
  static final int MAX_LENGTH = 500;

  private StartFailure() {
  }

  /**
   * @param failure why the start failed
   * @return its reason in one line
   */
  static String reason(Throwable failure) {
    List<String> parts = new ArrayList<>();
    Throwable cause = failure;
    for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
      String part = describe(cause);
      if (part != null && parts.stream().noneMatch(said -> said.contains(part))) {
        parts.add(part);
      }
    }
    String line = String.join(": ", parts).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    if (cause instanceof ClassNotFoundException) {
      return "class not found: " + message;
    }
    if (message == null || message.isBlank()) {
      return cause.getCause() == null ? cause.getClass().getName() : null;
    }
    if (cause instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + message;
    }
    return message;
  }
}
