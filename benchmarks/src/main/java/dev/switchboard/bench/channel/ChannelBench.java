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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The channel publish/subscribe benchmark: one publisher to N subscribers on one channel, remote
 * clients in this JVM (the load generator), against our channel server in a separate node JVM and
 * against redis-server 7 (SUBSCRIBE / PUBLISH) on the same machine in the same run, cells
 * alternating between the two, a few rounds each; then the same cells on two federated channel
 * servers (two node JVMs, one Hazelcast cluster); then a flight-recorder profile of our 1-server
 * cell.
 *
 * <p>Prints the report (markdown) to standard output and writes it, with the raw results (CSV),
 * to the results directory; logs go to standard error. Every child JVM and the redis-server are
 * stopped at the end, on failure, and on SIGTERM (shutdown hook). Exits 0 when every cell ran and
 * every subscriber got every acknowledged publish once and in order, 1 otherwise, 2 on a bad
 * command line.
 *
 * <p>Run it through {@code benchmarks/channel.sh}, which sets the class path and the Hazelcast
 * Java 17 flags (also for the node JVMs, through {@code -Dswitchboard.jvm.flags}) and installs
 * redis when missing.
 */
public final class ChannelBench {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelBench.class);

  private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

  private final ChannelBenchOptions options;
  private final Cleanup cleanup;
  private final ChannelReport report;
  private Vertx vertx;
  private PubSubCell cell;

  private ChannelBench(ChannelBenchOptions options, Cleanup cleanup) {
    this.options = options;
    this.cleanup = cleanup;
    this.report = new ChannelReport(options);
  }

  /**
   * @param args the command line, see {@code --help} ({@link ChannelBenchOptions})
   */
  public static void main(String[] args) {
    BenchMain.run(args, new ChannelBenchOptions(),
        (options, cleanup) -> new ChannelBench(options, cleanup).runAll());
  }

  private int runAll() throws IOException {
    LOG.info("Channel benchmark: {}", options.describe());
    if (options.rate() > 0) {
      return new PacedBench(options, cleanup).run();
    }
    // the subscribers' loops and one more, the publisher's own (as a publishing application's
    // would be: its acknowledgements do not wait behind the events of N subscribers)
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops() + 1));
    cleanup.register("load generator Vert.x",
        () -> Await.result(vertx.close(), CLOSE_BOUND, "closing the load generator's Vert.x"));
    cell = new PubSubCell(vertx, options.window(), 0, true);
    runSingle();
    if (options.federated() && !cleanup.closing()) {
      runFederated();
    }
    if (options.run().profile() && !cleanup.closing()) {
      try {
        report.profile(ChannelProfile.run(cleanup, vertx, cell, options, options.run().resultsDir(),
            report.stamp()));
      } catch (Exception e) {
        LOG.error("Profile run failed", e);
        report.note("Profile run failed: " + e);
      }
    }
    ReportFiles.write(options.run().resultsDir(), "channel", report.stamp(), report.render(),
        report.csv());
    return report.hasProblems() ? 1 : 0;
  }

  /** Ours on 1 server and Redis, alternating, every N, every round. */
  private void runSingle() {
    List<PubSubSystem> systems = new ArrayList<>();
    try {
      try {
        systems.add(ChannelSystem.start(cleanup, vertx, 1, List.of()));
      } catch (Exception e) {
        LOG.error("The channel server did not start", e);
        report.note("The channel server did not start: " + e);
      }
      if (options.run().redis()) {
        try {
          RedisSystem redis = RedisSystem.start(cleanup, vertx, options.run().redisServer());
          report.redisVersion(redis.version());
          systems.add(redis);
        } catch (Exception e) {
          LOG.error("redis-server did not start", e);
          report.note("redis-server did not start: " + e);
        }
      }
      systems.forEach(report::system);
      systems.forEach(this::prewarm);
      int turn = 0;
      for (int round = 1; round <= options.rounds(); round++) {
        for (int n : options.subscriberCounts()) {
          // alternate which system goes first, cell after cell
          List<PubSubSystem> order = new ArrayList<>(systems);
          if (turn++ % 2 == 1) {
            Collections.reverse(order);
          }
          for (PubSubSystem system : order) {
            if (cleanup.closing()) {
              return;
            }
            report.result(measure(system, n, round));
          }
        }
      }
    } finally {
      systems.forEach(PubSubSystem::close);
    }
  }

  /** Ours on 2 federated servers, every N, every round. */
  private void runFederated() {
    ChannelSystem federated;
    try {
      federated = ChannelSystem.start(cleanup, vertx, 2, List.of());
    } catch (Exception e) {
      LOG.error("The federated channel servers did not start", e);
      report.note("The federated channel servers did not start: " + e);
      return;
    }
    try {
      report.system(federated);
      prewarm(federated);
      for (int round = 1; round <= options.rounds(); round++) {
        for (int n : options.subscriberCounts()) {
          if (cleanup.closing()) {
            return;
          }
          report.result(measure(federated, n, round));
        }
      }
    } finally {
      federated.close();
    }
  }

  private void prewarm(PubSubSystem system) {
    if (options.prewarm().isZero()) {
      return;
    }
    int n = Math.min(10, options.subscriberCounts().stream().mapToInt(i -> i).max().orElse(1));
    LOG.info("{}: JIT warm-up for {} ms ({} subscribers)", system.label(),
        options.prewarm().toMillis(), n);
    try {
      cell.run(system, n, 0, Duration.ZERO, options.prewarm());
    } catch (RuntimeException e) {
      LOG.warn("{}: warm-up failed: {}", system.label(), e.toString());
    }
  }

  private PubSubResult measure(PubSubSystem system, int n, int round) {
    // the same heap state for every cell: collect the previous cell's garbage outside the window
    System.gc();
    PubSubResult result;
    List<Long> gone = system.serverPids().stream()
        .filter(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    try {
      if (!gone.isEmpty()) {
        throw new IllegalStateException("server process(es) " + gone + " no longer running");
      }
      result = cell.run(system, n, round, options.run().warmup(), options.run().duration());
    } catch (RuntimeException e) {
      LOG.error("{}, {} subscribers, round {} failed", system.label(), n, round, e);
      result = PubSubResult.failed(system, n, round, e.getMessage());
    }
    logResult(result);
    return result;
  }

  /**
   * Logs one cell's figures.
   *
   * @param r the cell
   */
  static void logResult(PubSubResult r) {
    if (r.failure() != null) {
      LOG.warn("{} x {} (round {}): FAILED {}", r.system(), r.subscribers(), r.round(),
          r.failure());
      return;
    }
    LOG.info("{} x {} (round {}): {} deliveries/s, {} publishes/s, p50 {} us, p99 {} us, "
            + "load-gen CPU {} us/delivery, server CPU {} us/delivery, machine {}% busy, check {}",
        r.system(), r.subscribers(), r.round(), Math.round(r.deliveriesPerSecond()),
        Math.round(r.publishesPerSecond()), Math.round(r.p50Micros()), Math.round(r.p99Micros()),
        String.format(Locale.ROOT, "%.2f", r.loadCpuMicrosPerDelivery()),
        String.format(Locale.ROOT, "%.2f", r.serverCpuMicrosPerDelivery()),
        Math.round(100 * r.machineBusy()), r.check());
  }
}
