package dev.switchboard.bench.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private redis-server on 127.0.0.1 and a free port, without persistence
 * ({@code --save '' --appendonly no}), started for the peer measurement and stopped after it.
 *
 * <p>Thread-safe for {@link #close()}; the rest is read-only after start.
 */
public final class RedisServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

  /** The line redis-server logs once it accepts connections. */
  private static final String READY_LINE = "Ready to accept connections";

  private static final Duration START_BOUND = Duration.ofSeconds(20);
  private static final long STOP_SECONDS = 10;
  private static final int START_ATTEMPTS = 3;
  private static final int KEPT_LINES = 20;

  private final Process process;
  private final int port;
  private final String version;

  private RedisServer(Process process, int port, String version) {
    this.process = process;
    this.port = port;
    this.version = version;
  }

  /**
   * Starts redis-server and waits for its ready line; retries on another port when the chosen
   * one was taken in between.
   *
   * @param binary the redis-server executable
   * @return the running server
   * @throws Exception when it does not start
   */
  public static RedisServer start(String binary) throws Exception {
    String version = Commands.run(List.of(binary, "--version"), Duration.ofSeconds(10)).trim();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      Process process = new ProcessBuilder(binary, "--bind", "127.0.0.1", "--port",
          String.valueOf(port), "--save", "", "--appendonly", "no", "--daemonize", "no",
          "--protected-mode", "yes", "--dir", System.getProperty("java.io.tmpdir"))
          .redirectErrorStream(true).start();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      Thread pump = new Thread(() -> pump(process, ready), "redis-server-" + port + "-output");
      pump.setDaemon(true);
      pump.start();
      try {
        ready.get(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("redis-server pid={} ready on 127.0.0.1:{} ({})", process.pid(), port, version);
        return new RedisServer(process, port, version);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        last = new IllegalStateException("redis-server on port " + port + " did not start: "
            + (e instanceof ExecutionException ? e.getCause().getMessage() : "no ready line within "
            + START_BOUND.toSeconds() + " s"), e);
        LOG.warn("{} (attempt {} of {})", last.getMessage(), attempt, START_ATTEMPTS);
      }
    }
    throw last;
  }

  private static void pump(Process process, CompletableFuture<Void> ready) {
    Deque<String> lines = new ArrayDeque<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.contains(READY_LINE)) {
          ready.complete(null);
        }
        if (!ready.isDone()) {
          lines.addLast(line);
          if (lines.size() > KEPT_LINES) {
            lines.removeFirst();
          }
        }
        LOG.debug("[redis-server] {}", line);
      }
    } catch (IOException e) {
      LOG.debug("redis-server output ended: {}", e.toString());
    }
    ready.completeExceptionally(new IllegalStateException("exited: " + String.join(" | ", lines)));
  }

  /**
   * @return a port on 127.0.0.1 that was free a moment ago (also for the channel servers)
   * @throws IOException when no port can be bound
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /**
   * @return the server's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return the port on 127.0.0.1
   */
  public int port() {
    return port;
  }

  /**
   * @return what {@code redis-server --version} printed
   */
  public String version() {
    return version;
  }

  /**
   * SIGTERM (redis exits without saving), a bounded wait, then SIGKILL if needed. An interrupt
   * skips the wait (the kill still happens) and is kept on the thread.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    ChildProcess.stop(process, "redis-server pid=" + process.pid());
    LOG.info("redis-server pid={} stopped", process.pid());
  }
}
