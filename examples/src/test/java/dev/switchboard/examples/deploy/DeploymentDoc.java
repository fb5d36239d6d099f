package dev.switchboard.examples.deploy;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration blocks of {@code docs/deployment.md}, read from the file itself so that the
 * tests check what the guide shows: each fenced block preceded by a line {@code <!-- snippet:
 * NAME -->}, by name. A fenced block without such a line, or two blocks of one name, make the
 * file unreadable here (an {@link IllegalStateException} naming the line), so a block cannot be
 * added to the guide without a test reading it.
 */
final class DeploymentDoc {

  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+) -->$");
  private static final String FENCE = "```";

  private final Map<String, String> snippets;

  private DeploymentDoc(Map<String, String> snippets) {
    this.snippets = snippets;
  }

  /** @return the project's root directory (the tests run in the module's directory) */
  static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }

  /** @return the blocks of the project's {@code docs/deployment.md} */
  static DeploymentDoc load() {
    try {
      return parse(Files.readAllLines(projectRoot().resolve("docs/deployment.md")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param lines a Markdown file's lines
   * @return its marked blocks
   * @throws IllegalStateException for a fence without a marker, a marker without a fence, a
   *     block without its end, or a name given twice
   */
  static DeploymentDoc parse(List<String> lines) {
    Map<String, String> found = new LinkedHashMap<>();
    String name = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher marker = MARKER.matcher(line.strip());
      if (marker.matches()) {
        name = marker.group(1);
        continue;
      }
      if (line.startsWith(FENCE)) {
        if (name == null) {
          throw new IllegalStateException("line " + (i + 1) + ": a fenced block without a"
              + " <!-- snippet: NAME --> line before it");
        }
        StringBuilder body = new StringBuilder();
        int start = i + 1;
        for (i++; i < lines.size() && !lines.get(i).startsWith(FENCE); i++) {
          body.append(lines.get(i)).append('\n');
        }
        if (i == lines.size()) {
          throw new IllegalStateException("line " + start + ": block " + name + " never ends");
        }
        if (found.put(name, body.toString()) != null) {
          throw new IllegalStateException("line " + start + ": a second block named " + name);
        }
        name = null;
      } else if (name != null && !line.isBlank()) {
        throw new IllegalStateException("line " + (i + 1) + ": the marker of " + name
            + " is not followed by a fenced block");
      }
    }
    return new DeploymentDoc(found);
  }

  /** @return every block's name, in the order of the file */
  List<String> names() {
    return List.copyOf(snippets.keySet());
  }

  /**
   * @param name a block's name
   * @return its text, each line ended by a newline
   * @throws IllegalArgumentException when the file has no block of that name
   */
  String text(String name) {
    String text = snippets.get(name);
    if (text == null) {
      throw new IllegalArgumentException("docs/deployment.md has no block " + name);
    }
    return text;
  }

  /** @return the named block parsed as a JSON object */
  JsonObject json(String name) {
    return new JsonObject(text(name));
  }

  /**
   * Reads a block of {@code KEY=value} lines (an environment file).
   *
   * @return the variables, in their order
   */
  Map<String, String> environment(String name) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : text(name).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new IllegalStateException(name + ": not KEY=value: " + line);
      }
      variables.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return variables;
  }
}
