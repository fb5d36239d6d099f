package dev.switchboard.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short external command to completion within a bound and returns its output.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Commands {

  private static final int TAIL_CHARS = 2_000;

  private Commands() {
  }

  /**
   * @param command the command and its arguments
   * @param bound   the longest it may run; past that it is killed
   * @return its standard output and error, merged
   * @throws IOException           when it cannot be started
   * @throws InterruptedException  when interrupted while waiting
   * @throws IllegalStateException when it exits non-zero or does not finish in time
   */
  public static String run(List<String> command, Duration bound)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("switchboard-bench-", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(command.get(0) + " did not finish within "
            + bound.toSeconds() + " s: " + command);
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue()
            + ": " + tail(text));
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * @param text some output
   * @return its last characters, enough for an error message
   */
  public static String tail(String text) {
    return text.length() <= TAIL_CHARS ? text : text.substring(text.length() - TAIL_CHARS);
  }
}
