package dev.switchboard.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every line a running program writes to its standard output (and error output, when the
 * builder merges them), collected as it comes, so that a test can wait for a line.
 *
 * <p>Thread-safe.
 */
public final class ProcessOutput {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ProcessOutput(Process process) {
    this.process = process;
    Thread pump = new Thread(this::pump, "output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * @param builder the program (its error output merged into its output, or not)
   * @return the started program, its output being collected
   * @throws IOException when it cannot start
   */
  public static ProcessOutput start(ProcessBuilder builder) throws IOException {
    return new ProcessOutput(builder.start());
  }

  /** @return the program */
  public Process process() {
    return process;
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the program ended
    }
    synchronized (this) {
      ended = true;
      notifyAll();
    }
  }

  /** @return the lines so far */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Waits for the first line that matches.
   *
   * @param pattern what the line must contain ({@link Matcher#find()})
   * @param bound   the longest wait
   * @return the match
   * @throws InterruptedException when interrupted
   * @throws AssertionError       when no line matched before the bound or the output's end; the
   *     message has the output
   */
  public synchronized Matcher awaitLine(Pattern pattern, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    for (int seen = 0; ; ) {
      for (; seen < lines.size(); seen++) {
        Matcher matcher = pattern.matcher(lines.get(seen));
        if (matcher.find()) {
          return matcher;
        }
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || ended) {
        throw new AssertionError("no line matching " + pattern + (ended ? " before the end"
            : " within " + bound) + "; output:\n" + String.join("\n", lines));
      }
      wait(left);
    }
  }

  /**
   * Waits until the program has ended and its output has been read to the end.
   *
   * @param bound the longest wait
   * @return its exit code
   * @throws InterruptedException when interrupted
   * @throws AssertionError       when it runs on after the bound
   */
  public int awaitEnd(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the program runs on after " + bound);
    }
    synchronized (this) {
      while (!ended) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("the program's output did not end within " + bound);
        }
        wait(left);
      }
    }
    return process.exitValue();
  }
}
