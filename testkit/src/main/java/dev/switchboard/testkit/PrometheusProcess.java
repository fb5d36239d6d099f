package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code prometheus} program of a {@link PrometheusServer}, run under a small {@code sh}
 * watchdog that kills it (SIGTERM) when this JVM's end of the watchdog's standard input closes:
 * when {@link #stop()} closes it, or when the JVM dies, even by SIGKILL. Keeps the last lines of
 * its output for error messages.
 *
 * <p>Thread-safe: the output is read by a thread of its own; stop it from any thread (a shutdown
 * hook does).
 */
final class PrometheusProcess {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusProcess.class);

  /** Bound for Prometheus to exit once asked to. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** Lines of Prometheus's output kept for error messages. */
  private static final int OUTPUT_LINES = 40;

  /** Start of the watchdog's first line, before Prometheus's process id. */
  private static final String PID_PREFIX = "prometheus-watchdog: pid ";

  /**
   * Runs the program given after it with standard input from /dev/null, prints its process id,
   * and kills it (SIGTERM) once its own standard input (this JVM's pipe) ends.
   */
  private static final String WATCHDOG = "exec 3<&0\n"
      + "\"$@\" </dev/null &\n"
      + "child=$!\n"
      + "echo \"" + PID_PREFIX + "$child\"\n"
      + "{ cat <&3 >/dev/null; kill -TERM \"$child\" 2>/dev/null; } >/dev/null 2>&1 &\n"
      + "wait \"$child\"\n";

  private final Process watchdog;
  private final Deque<String> output = new ArrayDeque<>();
  private final CompletableFuture<Long> pid = new CompletableFuture<>();

  private PrometheusProcess(Process watchdog) {
    this.watchdog = watchdog;
  }

  /**
   * Starts Prometheus under its watchdog; does not wait for it.
   *
   * @param binary the {@code prometheus} program
   * @param config its configuration file
   * @param data   its database directory
   * @param port   the port it listens on, on 127.0.0.1
   * @return the running program
   * @throws IOException when {@code sh} cannot start
   */
  static PrometheusProcess launch(String binary, Path config, Path data, int port)
      throws IOException {
    List<String> command = List.of("sh", "-c", WATCHDOG, "prometheus-watchdog",
        binary, "--config.file=" + config, "--storage.tsdb.path=" + data,
        "--web.listen-address=127.0.0.1:" + port, "--log.level=info");
    PrometheusProcess process = new PrometheusProcess(
        new ProcessBuilder(command).redirectErrorStream(true).start());
    Thread pump = new Thread(process::pump, "prometheus-" + process.watchdog.pid() + "-output");
    pump.setDaemon(true);
    pump.start();
    return process;
  }

  /**
   * @return Prometheus's own process id once the watchdog printed it (before Prometheus could
   *     answer anything), else -1
   */
  long pid() {
    return pid.getNow(-1L);
  }

  /**
   * Waits at most {@code millis} for the program to end.
   *
   * @return whether it has ended
   */
  boolean waitForExit(long millis) throws InterruptedException {
    return watchdog.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * @return how it ended, or that it still runs, with the end of its output
   */
  String describe() {
    String state = watchdog.isAlive() ? "still running" : "exited with " + watchdog.exitValue();
    synchronized (output) {
      return state + "; its output ended with:\n" + String.join("\n", output);
    }
  }

  /**
   * Stops Prometheus: the watchdog's cue and SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}.
   */
  void stop() {
    List<ProcessHandle> children = watchdog.descendants().toList();
    try {
      watchdog.getOutputStream().close(); // the watchdog's cue: it stops Prometheus
    } catch (IOException e) {
      LOG.debug("Closing the watchdog's input: {}", e.toString());
    }
    children.forEach(ProcessHandle::destroy);
    try {
      if (!watchdog.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Prometheus pid={} still running after {}; killing it", pid(), STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    watchdog.destroyForcibly();
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!pid.isDone() && line.startsWith(PID_PREFIX)) {
          pid.complete(Long.parseLong(line.substring(PID_PREFIX.length()).trim()));
          continue;
        }
        synchronized (output) {
          if (output.size() == OUTPUT_LINES) {
            output.removeFirst();
          }
          output.addLast(line);
        }
        LOG.debug("[prometheus {}] {}", pid(), line);
      }
    } catch (IOException e) {
      LOG.debug("Output of Prometheus {} ended: {}", pid(), e.toString());
    }
  }
}
