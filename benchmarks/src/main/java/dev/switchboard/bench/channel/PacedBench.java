package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Csv;
import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.ReportFiles;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.bench.common.Table;
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
import java.util.function.ToDoubleFunction;

/**
 * The paced scenario of the channel benchmark ({@code --rate R}): one publisher at a fixed rate to
 * N subscribers, against our channel server, redis-server and two federated channel servers, all
 * three started for the run and taken in turn cell by cell (the order rotating every round).
 * Reports p50 / p99 / p99.9 / max latency from the intended publish time, medians over the
 * rounds, with every round beside them.
 *
 * <p>Not thread-safe: run it from the main thread.
 */
final class PacedBench {

  private static final Logger LOG = LoggerFactory.getLogger(PacedBench.class);

  private final ChannelBenchOptions options;
  private final Cleanup cleanup;
  private final ReportFrame frame = new ReportFrame();
  private final List<PubSubSystem> systems = new ArrayList<>();
  private final List<PacedResult> results = new ArrayList<>();

  PacedBench(ChannelBenchOptions options, Cleanup cleanup) {
    this.options = options;
    this.cleanup = cleanup;
  }

  /**
   * Runs every cell and writes the report.
   *
   * @return 0 when every cell passed its check, 1 otherwise
   * @throws IOException when the report cannot be written
   */
  int run() throws IOException {
    // one event loop more than the subscribers': the publisher's own
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops() + 1));
    cleanup.register("load generator Vert.x", () -> Await.result(vertx.close(),
        Duration.ofSeconds(30), "closing the load generator's Vert.x"));
    PacedCell cell = new PacedCell(vertx, options.window(), options.rate());
    try {
      start("ours, 1 server", () -> ChannelSystem.start(cleanup, vertx, 1, List.of()));
      if (options.run().redis()) {
        start("redis-server", () -> RedisSystem.start(cleanup, vertx,
            options.run().redisServer()));
      }
      if (options.federated()) {
        start("ours, 2 federated servers", () -> ChannelSystem.start(cleanup, vertx, 2,
            List.of()));
      }
      for (PubSubSystem system : systems) {
        if (!options.prewarm().isZero()) {
          LOG.info("{}: JIT warm-up for {} ms", system.label(), options.prewarm().toMillis());
          cell.run(system, options.subscriberCounts().get(0), 0, Duration.ZERO,
              options.prewarm());
        }
      }
      for (int round = 1; round <= options.rounds(); round++) {
        List<PubSubSystem> order = new ArrayList<>(systems);
        Collections.rotate(order, round - 1);
        for (int n : options.subscriberCounts()) {
          for (PubSubSystem system : order) {
            if (cleanup.closing()) {
              return 1;
            }
            results.add(measure(cell, system, n, round));
          }
        }
      }
    } finally {
      systems.forEach(PubSubSystem::close);
    }
    ReportFiles.write(options.run().resultsDir(), "channel-paced", frame.stamp(), render(),
        csv());
    return results.stream().allMatch(PacedResult::passed) && !frame.hasNotes() ? 0 : 1;
  }

  private interface Starter {
    PubSubSystem start() throws Exception;
  }

  private void start(String label, Starter starter) {
    try {
      systems.add(starter.start());
    } catch (Exception e) {
      LOG.error("{} did not start", label, e);
      frame.note(label + " did not start: " + e);
    }
  }

  private PacedResult measure(PacedCell cell, PubSubSystem system, int n, int round) {
    System.gc();
    PacedResult r;
    try {
      r = cell.run(system, n, round, options.run().warmup(), options.run().duration());
    } catch (RuntimeException e) {
      LOG.error("{}, {} subscribers, round {} failed", system.label(), n, round, e);
      r = PacedResult.failed(system, n, round, options.rate(), e.getMessage());
    }
    LOG.info("{} x {} at {}/s (round {}): {} deliveries/s, p50 {} us, p99 {} us, p99.9 {} us, "
            + "max {} us, machine {}% busy, check {}", r.system(), r.subscribers(),
        Math.round(r.rate()), r.round(), Math.round(r.deliveries()), Math.round(r.p50Micros()),
        Math.round(r.p99Micros()), Math.round(r.p999Micros()), Math.round(r.maxMicros()),
        Math.round(100 * r.machineBusy()), r.passed() ? "ok" : "FAILED " + check(r));
    return r;
  }

  private static String check(PacedResult r) {
    return r.failure() != null ? r.failure() : "sent " + r.sent() + ", acked " + r.acked()
        + ", missing " + r.missing() + ", out of order " + r.backwards();
  }

  /** @return the report: medians per system and N, then every round */
  String render() {
    StringBuilder out = new StringBuilder();
    frame.title(out, "Channel publish/subscribe benchmark, paced");
    out.append(String.format(java.util.Locale.ROOT, "Options: %s. One publisher at %,.0f "
            + "publishes/s on an event loop of its own, latency from each publish's intended "
            + "time (coordinated-omission-safe).%n%n", options.describe(), options.rate()));
    frame.machine(out, Environment.describe());
    systems.forEach(s -> out.append("- ").append(s.label()).append(": ")
        .append(s.description()).append('\n'));
    out.append("\n## Medians over the rounds (µs)\n\n")
        .append(Table.header("system", "N", "deliveries/s", "p50", "p99", "p99.9", "max",
            "machine busy", "rounds passed"));
    for (int n : options.subscriberCounts()) {
      for (PubSubSystem s : systems) {
        List<PacedResult> cells = results.stream()
            .filter(r -> r.key().equals(s.key()) && r.subscribers() == n).toList();
        out.append(Table.row(s.label(), n, Fmt.rate(median(cells, PacedResult::deliveries)),
            Fmt.micros(median(cells, PacedResult::p50Micros)),
            Fmt.micros(median(cells, PacedResult::p99Micros)),
            Fmt.micros(median(cells, PacedResult::p999Micros)),
            Fmt.micros(median(cells, PacedResult::maxMicros)),
            Fmt.percent(median(cells, PacedResult::machineBusy)),
            cells.stream().filter(PacedResult::passed).count() + " / " + cells.size()));
      }
    }
    out.append("\n## Every round (µs)\n\n")
        .append(Table.header("system", "N", "round", "p50", "p99", "p99.9", "max", "check"));
    for (PacedResult r : results) {
      out.append(Table.row(r.system(), r.subscribers(), r.round(), Fmt.micros(r.p50Micros()),
          Fmt.micros(r.p99Micros()), Fmt.micros(r.p999Micros()), Fmt.micros(r.maxMicros()),
          r.passed() ? "ok" : check(r)));
    }
    out.append('\n');
    frame.problems(out);
    return out.toString();
  }

  private static double median(List<PacedResult> cells, ToDoubleFunction<PacedResult> figure) {
    return Fmt.median(cells.stream().filter(r -> r.failure() == null)
        .map(r -> figure.applyAsDouble(r)).toList());
  }

  private String csv() {
    Csv csv = new Csv("system", "subscribers", "round", "rate", "deliveries_per_s", "p50_us",
        "p99_us", "p999_us", "max_us", "sent", "acked", "missing", "backwards", "server_drops",
        "machine_busy", "failure");
    for (PacedResult r : results) {
      csv.row(r.key(), r.subscribers(), r.round(), Csv.fixed(r.rate()), Csv.fixed(r.deliveries()),
          Csv.fixed(r.p50Micros()), Csv.fixed(r.p99Micros()), Csv.fixed(r.p999Micros()),
          Csv.fixed(r.maxMicros()), r.sent(), r.acked(), r.missing(), r.backwards(),
          r.serverDrops(), Csv.fixed(r.machineBusy()),
          r.failure() == null ? "" : Csv.quoted(r.failure()));
    }
    return csv.toString();
  }
}
