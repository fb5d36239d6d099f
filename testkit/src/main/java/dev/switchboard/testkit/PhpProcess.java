package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A PHP script started by {@link Php#start}: its standard output is read line by line as it comes
 * (each line also logged at DEBUG), its standard error kept for failure messages.
 *
 * <p>Thread-safe.
 */
public final class PhpProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PhpProcess.class);

  private final Process process;
  private final String name;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final List<Thread> pumps = new ArrayList<>(2);

  PhpProcess(Process process, String name) {
    this.process = process;
    this.name = name;
    pump(process.getInputStream(), "out", line -> {
      synchronized (lines) {
        lines.add(line);
        lines.notifyAll();
      }
    });
    pump(process.getErrorStream(), "err", line -> {
      synchronized (stderr) {
        stderr.append(line).append('\n');
      }
    });
  }

  private void pump(InputStream stream, String which, Consumer<String> sink) {
    Thread thread = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          LOG.debug("[php {} {} {}] {}", name, process.pid(), which, line);
          sink.accept(line);
        }
      } catch (IOException e) {
        LOG.debug("Output of php {} ended: {}", name, e.toString());
      }
    }, "php-" + process.pid() + "-" + which);
    thread.setDaemon(true);
    pumps.add(thread);
    thread.start();
  }

  /** @return the output lines so far, a copy */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** @return what the script wrote to its standard error so far */
  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** @return the process id */
  public long pid() {
    return process.pid();
  }

  /** @return whether the script still runs */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * @param match   what the line must satisfy
   * @param timeout how long to wait
   * @return the first output line (from the start) that matches
   * @throws AssertionError when none came within the timeout; the message shows the output
   */
  public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (match.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("php " + name + ": no such line within " + timeout
              + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
              + "; output: " + lines + "; stderr: " + stderr());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  /**
   * @param timeout how long to wait
   * @return the exit status, once its output has all been read ({@link #lines()},
   *     {@link #stderr()})
   * @throws AssertionError when it still runs after the timeout (it is then killed)
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("php " + name + " still ran after " + timeout + "; output: "
          + lines() + "; stderr: " + stderr());
    }
    for (Thread pump : pumps) { // every line it wrote is in lines() and stderr() on return
      pump.join(TimeUnit.SECONDS.toMillis(10));
    }
    return process.exitValue();
  }

  /** Kills the script at once (SIGKILL) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
