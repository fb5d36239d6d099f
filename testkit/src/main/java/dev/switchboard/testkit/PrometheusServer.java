package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server ({@code prometheus}, Debian's package of that name) for a test: on
 * 127.0.0.1 at a free port, scraping the static targets the test gives every {@link
 * #scrapeInterval()}, its configuration and database in a temporary directory. The test reads
 * what it scraped through Prometheus's HTTP API ({@link #query}, {@link #awaitValue}, {@link
 * #targets}).
 *
 * <p>The program runs under a small {@code sh} watchdog that kills it when this JVM's end of its
 * standard input closes, so no Prometheus outlives the test JVM, even one killed with SIGKILL; a
 * shutdown hook also stops it on an ordinary JVM exit. {@link #close()} stops it and deletes the
 * directory (which a JVM killed with SIGKILL leaves behind). When {@code prometheus} is not
 * installed, {@link #start} fails with that reason (a test needing it never skips). {@code
 * PROMETHEUS=/path} (system property or environment) names another binary.
 *
 * <p>Not thread-safe: drive it from the test thread. Every call blocks for a bounded time; never
 * call one on an event loop.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);

  /** Default period of scrapes (and of rule evaluation). */
  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(1);

  /** Default path scraped on every target. */
  public static final String DEFAULT_METRICS_PATH = "/metrics";

  /** Bound for Prometheus to answer {@code /-/ready} after it started. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /** Pause between two polls of the API (each pause also waits on the process's exit). */
  private static final long POLL_MILLIS = 200;

  /** Starts tried when another program takes the chosen port first. */
  private static final int START_ATTEMPTS = 5;

  /**
   * One sample of a query's answer.
   *
   * @param labels its labels ({@code __name__} included when the series has one)
   * @param value  its value
   */
  public record Sample(Map<String, String> labels, double value) {
  }

  /**
   * One scrape target as Prometheus sees it.
   *
   * @param scrapeUrl the URL it scrapes
   * @param health    {@code up}, {@code down} or {@code unknown} (not scraped yet)
   * @param lastError the last scrape's error, empty when none
   */
  public record Target(String scrapeUrl, String health, String lastError) {
  }

  private final PrometheusProcess process;
  private final Path directory;
  private final PrometheusApi api;
  private final URI uri;
  private final Duration scrapeInterval;
  private final Thread hook;

  private PrometheusServer(PrometheusProcess process, Path directory, URI uri,
                           Duration scrapeInterval) {
    this.process = process;
    this.directory = directory;
    this.uri = uri;
    this.api = new PrometheusApi(uri);
    this.scrapeInterval = scrapeInterval;
    this.hook = new Thread(process::stop, "prometheus-" + process.pid() + "-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts Prometheus scraping {@value #DEFAULT_METRICS_PATH} on the targets every {@link
   * #DEFAULT_SCRAPE_INTERVAL}, and waits until it is ready.
   *
   * @param targets {@code host:port} of each target
   * @return the running server
   * @throws AssertionError        when {@code prometheus} is not installed
   * @throws IllegalStateException when it exits or is not ready within {@link #READY_TIMEOUT}; the
   *     message has the end of its output
   * @throws IOException           when its directory cannot be written
   * @throws InterruptedException  when interrupted while waiting
   */
  public static PrometheusServer start(List<String> targets)
      throws IOException, InterruptedException {
    return start(targets, DEFAULT_METRICS_PATH, DEFAULT_SCRAPE_INTERVAL, List.of());
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param targets        {@code host:port} of each target (job {@code switchboard})
   * @param metricsPath    the path scraped on each
   * @param scrapeInterval the period of scrapes and of rule evaluation (whole seconds or
   *                       milliseconds, at least 100 ms)
   * @param ruleFiles      rule files Prometheus evaluates (may be empty)
   * @return the running server
   * @throws AssertionError        when {@code prometheus} is not installed
   * @throws IllegalStateException when it exits or is not ready within {@link #READY_TIMEOUT}; the
   *     message has the end of its output
   * @throws IOException           when its directory cannot be written
   * @throws InterruptedException  when interrupted while waiting
   */
  public static PrometheusServer start(List<String> targets, String metricsPath,
                                       Duration scrapeInterval, List<Path> ruleFiles)
      throws IOException, InterruptedException {
    String binary = Programs.require("prometheus", "PROMETHEUS", "prometheus");
    if (scrapeInterval.toMillis() < 100) {
      throw new IllegalArgumentException("scrape interval " + scrapeInterval + " below 100 ms");
    }
    Path directory = Files.createTempDirectory("prometheus-");
    try {
      Path config = directory.resolve("prometheus.yml");
      Files.writeString(config, PrometheusConfig.render(targets, metricsPath, scrapeInterval,
          ruleFiles));
      for (int attempt = 1; ; attempt++) {
        int port = FreePorts.loopback(); // taken meanwhile: detected below, and retried
        PrometheusProcess process = PrometheusProcess.launch(binary, config,
            directory.resolve("data"), port);
        URI uri = URI.create("http://127.0.0.1:" + port);
        if (awaitReady(process, new PrometheusApi(uri))) {
          LOG.info("Prometheus pid={} ready at {}, scraping {}", process.pid(), uri, targets);
          return new PrometheusServer(process, directory, uri, scrapeInterval);
        }
        String why = process.describe();
        process.stop();
        if (attempt < START_ATTEMPTS && why.contains("address already in use")) {
          LOG.info("Port {} was taken before Prometheus bound it; another port", port);
          continue;
        }
        throw new IllegalStateException("Prometheus (" + binary + ") at 127.0.0.1:" + port
            + " not ready within " + READY_TIMEOUT + ": " + why);
      }
    } catch (Exception | Error e) {
      delete(directory);
      throw e;
    }
  }

  /**
   * @return the base URI of its HTTP API and UI, {@code http://127.0.0.1:<port>}
   */
  public URI uri() {
    return uri;
  }

  /**
   * @return the process id of the {@code prometheus} program itself (not of its watchdog)
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return its temporary directory (configuration and database), deleted by {@link #close()}
   */
  Path directory() {
    return directory;
  }

  /**
   * @return the period of its scrapes
   */
  public Duration scrapeInterval() {
    return scrapeInterval;
  }

  /**
   * Runs an instant query ({@code /api/v1/query}) at the current time.
   *
   * @param promql the query
   * @return its samples: one per series of an instant vector, one without labels for a scalar
   * @throws IllegalArgumentException when Prometheus refuses the query (a parse error, say); the
   *     message has its error
   * @throws IllegalStateException    when Prometheus cannot be reached
   */
  public List<Sample> query(String promql) {
    return api.query(promql);
  }

  /**
   * Polls a query until it answers one sample whose value satisfies the predicate, at most {@code
   * bound}. This is a wait on an event (the scrape that brings the value), bounded in time.
   *
   * @param promql    a query answering one sample ({@code sum(...)}, say)
   * @param predicate the expected value
   * @param bound     the longest wait
   * @return the value that satisfied it
   * @throws AssertionError           when no answer satisfied it in time; the message has the last
   *     answer
   * @throws IllegalArgumentException when Prometheus refuses the query
   */
  public double awaitValue(String promql, DoublePredicate predicate, Duration bound)
      throws InterruptedException {
    return awaitAnswer(promql, samples -> samples.size() == 1
        && predicate.test(samples.get(0).value()), bound).get(0).value();
  }

  /**
   * Polls a query until its answer satisfies the condition, at most {@code bound} (a rate, say,
   * answers only once two scrapes of its counter are in).
   *
   * @param promql    the query
   * @param condition the expected answer
   * @param bound     the longest wait
   * @return the answer that satisfied it
   * @throws AssertionError           when no answer satisfied it in time; the message has the last
   *     answer
   * @throws IllegalArgumentException when Prometheus refuses the query
   */
  public List<Sample> awaitAnswer(String promql, Predicate<List<Sample>> condition,
                                  Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Sample> last;
    do {
      last = query(promql);
      if (condition.test(last)) {
        return last;
      }
    } while (pause(deadline));
    throw new AssertionError(promql + " did not reach the expected answer within " + bound
        + "; last answer " + last + "; targets " + targets());
  }

  /**
   * @return the active targets ({@code /api/v1/targets}) with their health
   */
  public List<Target> targets() {
    return api.targets();
  }

  /**
   * @return how many active targets Prometheus last scraped successfully
   */
  public int targetsUp() {
    return (int) targets().stream().filter(target -> "up".equals(target.health())).count();
  }

  /**
   * Waits until Prometheus has scraped every target successfully (their health {@code up}).
   *
   * @param bound the longest wait
   * @throws AssertionError when some target is not up in time; the message names each target's
   *     health and last error
   */
  public void awaitTargetsUp(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Target> last;
    do {
      last = targets();
      if (!last.isEmpty() && last.stream().allMatch(target -> "up".equals(target.health()))) {
        return;
      }
    } while (pause(deadline));
    throw new AssertionError("targets not all up within " + bound + ": " + last);
  }

  /**
   * Stops Prometheus (SIGTERM, then SIGKILL after a bound) and deletes its directory.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook stops it too
    }
    process.stop();
    delete(directory);
  }

  /**
   * Waits one poll period, or less when Prometheus exits.
   *
   * @return whether the deadline is still ahead
   * @throws IllegalStateException when Prometheus has exited
   */
  private boolean pause(long deadline) throws InterruptedException {
    if (process.waitForExit(POLL_MILLIS)) {
      throw new IllegalStateException("Prometheus " + process.describe());
    }
    return System.nanoTime() - deadline < 0;
  }

  private static boolean awaitReady(PrometheusProcess process, PrometheusApi api)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (api.ready()) {
        return true;
      }
      if (process.waitForExit(POLL_MILLIS)) {
        return false; // exited: its output says why
      }
    }
    return false;
  }

  /** Deletes a directory and what it holds; logs, does not throw, when it cannot. */
  static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete Prometheus's directory {}: {}", directory, e.toString());
    }
  }
}
