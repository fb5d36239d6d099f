package dev.switchboard.bench.common;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of the gateway benchmark (a server, the load generator) that talks in lines:
 * on its standard output, an optional ready line (the first line matching a pattern) and JSON
 * lines (lines starting with <code>{</code>), queued for {@link #nextJson}; every other line, and
 * its standard error, is logged at DEBUG and the last of them kept for error messages. Its
 * standard input takes command lines ({@link #send}).
 *
 * <p>Thread-safe: the output is read by two daemon threads; {@link #close()} may race with the
 * rest.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

  private static final long STOP_SECONDS = 10;
  private static final int KEPT_LINES = 20;
  /** Put on the JSON queue when standard output ends. */
  private static final JsonObject END = new JsonObject();

  private final String name;
  private final Process process;
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
  private final BlockingQueue<JsonObject> json = new LinkedBlockingQueue<>();
  private final Deque<String> kept = new ArrayDeque<>();
  private volatile boolean ended;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts the process and its output readers.
   *
   * @param name      a name for the logs
   * @param command   the command and its arguments
   * @param directory its working directory
   * @param readyLine the pattern of its ready line, or null when it has none
   * @return the running process
   * @throws IOException when it cannot be started
   */
  public static ChildProcess start(String name, List<String> command, Path directory,
      Pattern readyLine) throws IOException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
    ChildProcess child = new ChildProcess(name + " pid " + process.pid(), process);
    child.pump(process.getInputStream(), true, readyLine);
    child.pump(process.getErrorStream(), false, null);
    LOG.debug("Started {}: {}", child.name, String.join(" ", command));
    return child;
  }

  private void pump(InputStream stream, boolean stdout, Pattern readyLine) {
    Thread thread = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          handle(line, stdout, readyLine);
        }
      } catch (IOException e) {
        LOG.debug("Output of {} ended: {}", name, e.toString());
      }
      if (stdout) {
        ended = true;
        ready.completeExceptionally(new IllegalStateException(name + " exited before it was "
            + "ready: " + tail()));
        json.add(END);
      }
    }, name.replace(' ', '-') + (stdout ? "-out" : "-err"));
    thread.setDaemon(true);
    thread.start();
  }

  private void handle(String line, boolean stdout, Pattern readyLine) {
    if (stdout && line.startsWith("{")) {
      try {
        json.add(new JsonObject(line));
        return;
      } catch (DecodeException e) {
        LOG.debug("[{}] not JSON: {}", name, e.getMessage());
      }
    }
    if (readyLine != null && !ready.isDone()) {
      Matcher matcher = readyLine.matcher(line);
      if (matcher.find()) {
        ready.complete(matcher);
        return;
      }
    }
    synchronized (kept) {
      kept.addLast(line);
      if (kept.size() > KEPT_LINES) {
        kept.removeFirst();
      }
    }
    LOG.debug("[{}] {}", name, line);
  }

  /**
   * @param bound the longest wait
   * @return the ready line, matched
   * @throws IllegalStateException when it exits first or does not print it in time
   */
  public Matcher awaitReady(Duration bound) {
    try {
      return ready.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " printed no ready line within "
          + bound.toSeconds() + " s: " + tail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  /**
   * @param bound the longest wait
   * @param what  what is awaited, for the error message
   * @return the next JSON line of its standard output
   * @throws IllegalStateException when its output ends first or nothing comes in time
   */
  public JsonObject nextJson(Duration bound, String what) {
    JsonObject line;
    try {
      line = ended && json.isEmpty() ? END : json.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
    if (line == null) {
      throw new IllegalStateException(name + ": no " + what + " within " + bound.toSeconds()
          + " s: " + tail());
    }
    if (line == END) {
      json.add(END);
      throw new IllegalStateException(name + " exited before " + what + ": " + tail());
    }
    return line;
  }

  /**
   * Writes one line to its standard input.
   *
   * @param line the line, without its end
   * @throws IllegalStateException when it can no longer be written to
   */
  public void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write to " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param bound the longest wait
   * @return true when it exited within the bound
   */
  public boolean awaitExit(Duration bound) {
    try {
      return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * @return the process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return whether it is still running
   */
  public boolean alive() {
    return process.isAlive();
  }

  /**
   * @return its last lines of output, other than the ready line and JSON lines
   */
  public String tail() {
    synchronized (kept) {
      return kept.isEmpty() ? "(no output)" : String.join(" | ", kept);
    }
  }

  /**
   * SIGTERM, a bounded wait, then SIGKILL if needed. An interrupt skips the wait (the kill still
   * happens) and is kept on the thread.
   */
  @Override
  public void close() {
    stop(process, name);
    LOG.debug("{} stopped", name);
  }

  /**
   * SIGTERM, a bounded wait, then SIGKILL if needed. An interrupt skips the wait (the kill still
   * happens) and is kept on the thread.
   *
   * @param process a child process
   * @param name    what to call it in the log
   */
  public static void stop(Process process, String name) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{} still running {} s after SIGTERM, killing it", name, STOP_SECONDS);
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
