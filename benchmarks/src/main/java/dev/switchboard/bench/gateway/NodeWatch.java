package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CpuSample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Watches a gateway node while something happens to it (the reconnect storm): every
 * {@value #PERIOD_MILLIS} ms its CPU ({@code /proc}) and a {@code GET /status} on its HTTP port,
 * which must answer 200 within {@value #STATUS_BOUND_MILLIS} ms (one request before the watch
 * starts, not counted, warms the status path). Keeps the most cores it was busy
 * over one period, the polls, the failed ones and the slowest answer.
 *
 * <p>Thread-safe: it runs on its own daemon thread; the figures are read after {@link #close}.
 */
final class NodeWatch implements AutoCloseable {

  static final long PERIOD_MILLIS = 250;
  static final long STATUS_BOUND_MILLIS = 2_000;
  private static final Duration WARM_UP_BOUND = Duration.ofSeconds(30);

  private final long pid;
  private final HttpRequest status;
  // HTTP/1.1: the default HTTP/2 attempt would send an h2c upgrade the gateway does not take
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofMillis(STATUS_BOUND_MILLIS)).build();
  private final Thread thread;
  private volatile boolean stopped;
  private double peakCores;
  private long polls;
  private long failures;
  private double maxMillis;
  private String firstFailure;

  private NodeWatch(long pid, int port) {
    this.pid = pid;
    this.status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
        .timeout(Duration.ofMillis(STATUS_BOUND_MILLIS)).GET().build();
    this.thread = new Thread(this::watch, "node-watch-" + pid);
    thread.setDaemon(true);
  }

  /**
   * @param pid  the node's process
   * @param port its HTTP port on 127.0.0.1
   * @return the watch, running
   * @throws IOException          when the first (uncounted) status request fails
   * @throws InterruptedException when interrupted meanwhile
   */
  static NodeWatch start(long pid, int port) throws IOException, InterruptedException {
    NodeWatch watch = new NodeWatch(pid, port);
    // one request first, not counted: it loads and compiles the status path (about 1.4 s cold
    // on 2 cores), which would otherwise show as a stalled node in the storm
    watch.http.send(HttpRequest.newBuilder(watch.status.uri()).timeout(WARM_UP_BOUND).GET()
        .build(), HttpResponse.BodyHandlers.discarding());
    watch.thread.start();
    return watch;
  }

  private void watch() {
    CpuSample last = CpuSample.take(List.of(pid));
    long lastNanos = System.nanoTime();
    while (!stopped) {
      poll();
      try {
        Thread.sleep(PERIOD_MILLIS); // the sampling period: nothing to wait for
      } catch (InterruptedException e) {
        return;
      }
      try {
        CpuSample now = CpuSample.take(List.of(pid));
        long nanos = System.nanoTime();
        double seconds = last.userSecondsUntil(now) + last.systemSecondsUntil(now);
        synchronized (this) {
          peakCores = Math.max(peakCores, seconds / ((nanos - lastNanos) / 1e9));
        }
        last = now;
        lastNanos = nanos;
      } catch (RuntimeException e) {
        record(-1, "process gone: " + e.getMessage());
        return;
      }
    }
  }

  private void poll() {
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response = http.send(status, HttpResponse.BodyHandlers.discarding());
      double millis = (System.nanoTime() - start) / 1e6;
      record(millis, response.statusCode() == 200 ? null : "status " + response.statusCode());
    } catch (IOException e) {
      record(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void record(double millis, String failure) {
    polls++;
    maxMillis = Math.max(maxMillis, millis);
    if (failure != null) {
      failures++;
      firstFailure = firstFailure == null ? failure : firstFailure;
    }
  }

  /** Stops watching; waits for the thread. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(STATUS_BOUND_MILLIS * 2);
  }

  /** @return the most cores busy over one period */
  synchronized double peakCores() {
    return peakCores;
  }

  /** @return status polls made */
  synchronized long polls() {
    return polls;
  }

  /** @return polls that failed (no answer within the bound, not 200) */
  synchronized long failures() {
    return failures;
  }

  /** @return the slowest answer, milliseconds */
  synchronized double maxMillis() {
    return maxMillis;
  }

  /** @return the first failure, or null */
  synchronized String firstFailure() {
    return firstFailure;
  }
}
