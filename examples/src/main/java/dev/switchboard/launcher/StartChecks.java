package dev.switchboard.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What both launchers check before Vert.x starts, where the Vert.x launchers go on quietly: a
 * {@code -conf} that is neither a readable file nor a JSON object (Vert.x's classic launcher logs a
 * Jackson trace and deploys with an empty config), a {@code -conf} file that does not hold a JSON
 * object, and a {@code -Dvertx.hazelcast.config} that names neither a file nor a {@code
 * classpath:} resource (vertx-hazelcast falls back to the {@code cluster.xml} on the class path, which may
 * join another cluster of the machine).
 *
 * <p>Threading: stateless; called on the launching thread.
 */
final class StartChecks {

  /** Where Jackson's message says the error is. */
  private static final Pattern LOCATION = Pattern.compile("line: \\d+, column: \\d+");

  /** Characters of a decoding error shown, at most. */
  private static final int MAX_REASON = 200;

  private StartChecks() {
  }

  /**
   * @param args       the command line
   * @param properties the system properties
   * @return why the node must not start, in one line, or null when it may
   */
  static String refusal(List<String> args, Properties properties) {
    String hazelcast = properties.getProperty(SwitchboardApplication.HAZELCAST_CONFIG_PROPERTY);
    if (hazelcast != null && !hazelcastConfigExists(hazelcast)) {
      return "-D" + SwitchboardApplication.HAZELCAST_CONFIG_PROPERTY + "=" + hazelcast
          + ": no such file (not falling back to the shipped cluster.xml)";
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.replaceFirst("^--?", "").toLowerCase(Locale.ROOT);
      String value = null;
      if (name.startsWith("conf=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (name.equals("conf") && i + 1 < args.size()) {
        value = args.get(++i);
      }
      if (value != null && arg.startsWith("-")) {
        String problem = confProblem(value);
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  /**
   * As the launchers read {@code -conf}: a file when one exists at that path, else inline JSON.
   *
   * @return why it cannot be read as a JSON object, or null
   */
  static String confProblem(String value) {
    Path file;
    try {
      file = Path.of(value);
    } catch (InvalidPathException e) {
      file = null;
    }
    if (file != null && Files.exists(file)) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "-conf " + value + ": cannot be read (" + e.getClass().getSimpleName() + ")";
      }
      String reason = jsonObjectProblem(text);
      return reason == null ? null : "-conf " + value + ": not a JSON object: " + reason;
    }
    if (value.trim().startsWith("{")) {
      String reason = jsonObjectProblem(value);
      // the text itself is not shown: it may hold secrets
      return reason == null ? null : "-conf: the inline JSON is not a JSON object: " + reason;
    }
    return "-conf " + value + ": no such file (nor inline JSON)";
  }

  private static String jsonObjectProblem(String text) {
    try {
      new JsonObject(text);
      return null;
    } catch (DecodeException | ClassCastException e) {
      String message = String.valueOf(e.getMessage());
      String reason = message.lines().findFirst().orElse("")
          .replaceFirst("^Failed to decode:\\s*", "");
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON) + "...";
      }
      Matcher at = LOCATION.matcher(message);
      return at.find() ? reason + " (" + at.group() + ")" : reason;
    }
  }

  /**
   * As vertx-hazelcast 5.1 reads the property ({@code ConfigUtil}): {@code classpath:<resource>},
   * else a file.
   */
  private static boolean hazelcastConfigExists(String value) {
    if (value.startsWith("classpath:")) {
      return Thread.currentThread().getContextClassLoader()
          .getResource(value.substring("classpath:".length())) != null;
    }
    try {
      return Files.isRegularFile(Path.of(value));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
