package dev.switchboard.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the programs a test runs besides Java ({@code prometheus}, {@code promtool}) and fails
 * with the reason, never skips, when one is missing: a test that needs a program proves nothing
 * without it.
 *
 * <p>Stateless; safe from any thread.
 */
final class Programs {

  private Programs() {
  }

  /**
   * @param name     the program's name on the {@code PATH}
   * @param override the system property or environment variable naming another binary (checked
   *                 in that order), e.g. {@code PROMETHEUS}
   * @param debian   the Debian package that ships it, for the message
   * @return the program's path
   * @throws AssertionError when it is neither at the override nor on the {@code PATH}; the message
   *     says how to install it
   */
  static String require(String name, String override, String debian) {
    String given = System.getProperty(override, System.getenv(override));
    if (given != null && !given.isBlank()) {
      if (Files.isExecutable(Path.of(given))) {
        return given;
      }
      throw new AssertionError(override + "=" + given + " is not an executable file");
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new AssertionError(name + " is not installed, and this test needs the real program:"
        + " install Debian's " + debian + " package (bin/test does: apt-get install " + debian
        + "), or name the binary with " + override + "=/path/to/" + name);
  }
}
