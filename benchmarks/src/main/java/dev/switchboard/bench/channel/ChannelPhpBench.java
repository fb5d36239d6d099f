package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.BenchMain;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.ReportFiles;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The channel benchmark with Workerman PHP clients: one publisher to N subscribers on one channel,
 * PHP processes speaking Workerman Channel's protocol ({@link PhpCell}) and, in the same run on the
 * same servers, the channel benchmark's Java clients speaking the JSON protocol
 * ({@link PubSubCell}), cells alternating; on one channel server node JVM, then on two federated
 * ones. The report gives each protocol's deliveries/s and latency and the ratio PHP/JSON.
 *
 * <p>Prints the report (markdown) to standard output and writes it, with the raw results (CSV),
 * to the results directory; logs go to standard error. Every child process (server JVMs, php-cli)
 * is stopped at the end, on failure, and on SIGTERM (shutdown hook). Exits 0 when every cell ran
 * and every subscriber got every publish once and in order, 1 otherwise, 2 on a bad command line.
 *
 * <p>Run it through {@code benchmarks/channel-php.sh}, which sets the class path, the JVM flags
 * and the scripts' directory.
 */
public final class ChannelPhpBench {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelPhpBench.class);

  private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);
  private static final Duration VERSION_BOUND = Duration.ofSeconds(20);

  private final ChannelPhpOptions options;
  private final Cleanup cleanup;
  private final ChannelPhpReport report;
  private Vertx vertx;
  private PubSubCell jsonCell;
  private PhpCell phpCell;

  private ChannelPhpBench(ChannelPhpOptions options, Cleanup cleanup) {
    this.options = options;
    this.cleanup = cleanup;
    this.report = new ChannelPhpReport(options);
  }

  /**
   * @param args the command line, see {@code --help} ({@link ChannelPhpOptions})
   */
  public static void main(String[] args) {
    BenchMain.run(args, new ChannelPhpOptions(),
        (options, cleanup) -> new ChannelPhpBench(options, cleanup).runAll());
  }

  private int runAll() throws IOException {
    LOG.info("Channel benchmark, PHP and JSON clients: {}", options.describe());
    for (String script : List.of("channel_publisher.php", "channel_subscriber.php")) {
      if (!Files.isReadable(options.phpScripts().resolve(script))) {
        throw new IllegalStateException(script + " not found in " + options.phpScripts()
            + " (--php-scripts)");
      }
    }
    report.phpVersion(phpVersion());
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.cell().eventLoops()));
    cleanup.register("load generator Vert.x",
        () -> Await.result(vertx.close(), CLOSE_BOUND, "closing the load generator's Vert.x"));
    jsonCell = new PubSubCell(vertx, options.cell().window(), options.rate());
    phpCell = new PhpCell(cleanup, vertx, options.php(), options.phpScripts(),
        options.cell().window(), options.rate(), options.phpData());
    runScenario(1);
    if (options.cell().federated() && !cleanup.closing()) {
      runScenario(2);
    }
    ReportFiles.write(options.cell().run().resultsDir(), "channel-php", report.stamp(),
        report.render(), report.csv());
    return report.hasProblems() ? 1 : 0;
  }

  /** PHP and JSON cells alternating on {@code servers} channel server(s), every N and round. */
  private void runScenario(int servers) {
    ChannelSystem system;
    try {
      system = ChannelSystem.start(cleanup, vertx, servers, List.of());
    } catch (Exception e) {
      LOG.error("The channel server(s) did not start", e);
      report.note(servers + " channel server(s) did not start: " + e);
      return;
    }
    try {
      report.system(system);
      prewarm(system);
      int turn = 0;
      for (int round = 1; round <= options.cell().rounds(); round++) {
        for (int n : options.subscriberCounts()) {
          boolean phpFirst = turn++ % 2 == 0;
          for (boolean php : phpFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            if (cleanup.closing()) {
              return;
            }
            PubSubResult result = measure(system, php, n, round, options.cell().run().warmup(),
                options.cell().run().duration());
            ChannelBench.logResult(result);
            report.result(result);
          }
        }
      }
    } finally {
      system.close();
    }
  }

  private void prewarm(ChannelSystem system) {
    if (options.cell().prewarm().isZero()) {
      return;
    }
    int n = Math.min(10, options.subscriberCounts().stream().mapToInt(i -> i).max().orElse(1));
    LOG.info("{}: JIT warm-up for {} ms per protocol ({} subscribers)", system.label(),
        options.cell().prewarm().toMillis(), n);
    for (boolean php : new boolean[] {true, false}) {
      PubSubResult result = measure(system, php, n, 0, Duration.ZERO, options.cell().prewarm());
      if (result.failure() != null) {
        LOG.warn("{}: warm-up failed: {}", result.system(), result.failure());
      }
    }
  }

  private PubSubResult measure(ChannelSystem system, boolean php, int n, int round,
                               Duration warmup, Duration duration) {
    String protocol = php ? ChannelPhpReport.PHP : ChannelPhpReport.JSON;
    String label = ChannelPhpReport.label(protocol, system);
    String key = ChannelPhpReport.key(protocol, system);
    // the same heap state for every cell: collect the previous cell's garbage outside the window
    System.gc();
    List<Long> gone = system.serverPids().stream()
        .filter(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    try {
      if (!gone.isEmpty()) {
        throw new IllegalStateException("server process(es) " + gone + " no longer running");
      }
      return php ? phpCell.run(system, n, round, warmup, duration, label, key)
          : jsonCell.run(system, n, round, warmup, duration).as(label, key);
    } catch (RuntimeException | IOException e) {
      LOG.error("{}, {} subscribers, round {} failed", label, n, round, e);
      return PubSubResult.failed(label, key, n, round, e.getMessage());
    }
  }

  /** @return the first line of {@code php -v}, or why it could not be read */
  private String phpVersion() {
    try {
      Process p = new ProcessBuilder(options.php(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(VERSION_BOUND.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(options.php() + " -v failed: " + out.strip());
      }
      return out.lines().findFirst().orElse("php (no version printed)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + options.php() + " (--php): " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + options.php() + " -v", e);
    }
  }
}
