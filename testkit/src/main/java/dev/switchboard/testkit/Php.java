package dev.switchboard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the project's own PHP scripts ({@code testkit/src/main/php/}) with Debian's {@code php-cli},
 * so that the Workerman-compatible listeners are tested by PHP's own {@code serialize()},
 * {@code unserialize()} and {@code pack()}. A missing {@code php} fails the test with how to
 * install it (bin/test does); it never skips.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Php {

  /** The scripts' directory, relative to the repository root. */
  static final Path SCRIPTS = Path.of("testkit", "src", "main", "php");

  private Php() {
  }

  /**
   * @return the {@code php} binary ({@code PHP} names another one)
   * @throws AssertionError when it is not installed
   */
  public static String binary() {
    return Programs.require("php", "PHP", "php-cli");
  }

  /**
   * @param name a script's file name, e.g. {@code frame.php}
   * @return its path, found from the working directory of any module's tests
   * @throws AssertionError when there is no such script
   */
  public static Path script(String name) {
    Path dir = Path.of("").toAbsolutePath();
    for (; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPTS).resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no PHP script " + name + " in " + SCRIPTS + " above "
        + Path.of("").toAbsolutePath());
  }

  /**
   * Starts {@code php script args…}; its output lines are collected as they come.
   *
   * @param script the script ({@link #script(String)})
   * @param args   its arguments
   * @return the running script
   * @throws IOException when it cannot be started
   */
  public static PhpProcess start(Path script, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary());
    // warnings and errors on stderr, every one of them, whatever php.ini says
    command.add("-d");
    command.add("display_errors=stderr");
    command.add("-d");
    command.add("error_reporting=-1");
    command.add(script.toString());
    command.addAll(List.of(args));
    return new PhpProcess(new ProcessBuilder(command).start(), script.getFileName().toString());
  }
}
