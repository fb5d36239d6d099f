package dev.switchboard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the short system commands of {@link NetnsHosts} ({@code ip}, {@code kill}) and {@link
 * Promtool} with a bound in time and output, and turns a failure into an exception naming the command and its error output.
 *
 * <p>Stateless; safe from any thread.
 */
final class Commands {

  /** Upper bound for one command, in seconds. */
  static final long TIMEOUT_SECONDS = 15;

  /** Most output kept of one command, in bytes. */
  private static final int MAX_OUTPUT = 1 << 20;

  private Commands() {
  }

  /**
   * @param command the command and its arguments
   * @return its standard output
   * @throws IllegalStateException when it cannot start, exits with a non-zero code or outlives
   *     {@link #TIMEOUT_SECONDS}; the message has its error output
   */
  static String run(String... command) {
    return run(Arrays.asList(command));
  }

  /** As {@link #run(String...)}. */
  static String run(List<String> command) {
    Process process = start(new ProcessBuilder(command));
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    int exit = exit(command, process);
    String error = output(command, err).trim();
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": exit " + exit
          + (error.isEmpty() ? "" : ": " + error));
    }
    return output(command, out);
  }

  /**
   * The exit code and output of a command that may fail (a checker's verdict, say).
   *
   * @param exit   its exit code
   * @param output its standard output and error output, interleaved
   */
  record Outcome(int exit, String output) {
  }

  /**
   * @param command the command and its arguments
   * @return its exit code and its output (standard and error, interleaved)
   * @throws IllegalStateException when it cannot start or outlives {@link #TIMEOUT_SECONDS}
   */
  static Outcome outcome(List<String> command) {
    Process process = start(new ProcessBuilder(command).redirectErrorStream(true));
    CompletableFuture<String> out = read(process.getInputStream());
    return new Outcome(exit(command, process), output(command, out));
  }

  /** Waits for the command's exit, at most {@link #TIMEOUT_SECONDS}, and returns its code. */
  private static int exit(List<String> command, Process process) {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + ": no exit within "
            + TIMEOUT_SECONDS + " s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    }
  }

  /** The output read from one of the command's streams, once it has exited. */
  private static String output(List<String> command, CompletableFuture<String> stream) {
    try {
      return stream.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
    }
  }

  /**
   * @param prefix  the first words of every command
   * @param command the rest
   * @return both, as one command line
   */
  static List<String> concat(List<String> prefix, List<String> command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(command);
    return all;
  }

  private static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", builder.command()) + ": " + e.getMessage(),
          e);
    }
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        byte[] bytes = in.readNBytes(MAX_OUTPUT);
        in.transferTo(OutputStream.nullOutputStream()); // beyond the bound: discarded
        return new String(bytes, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }
}
