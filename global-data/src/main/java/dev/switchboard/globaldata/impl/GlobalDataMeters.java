package dev.switchboard.globaldata.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.globaldata.GlobalDataException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The meters of GlobalData on one node (docs/global-data.md, "Metrics"):
 * {@code switchboard_globaldata_ops_total{op,result}}, the latency histogram
 * {@code switchboard_globaldata_op_seconds{op}}, and on a member the entries its share of the map
 * holds. Labels are bounded: {@code op} is an operation's name, {@code result} {@code ok} or a
 * {@link GlobalDataException.Reason} in lower case; never a key.
 *
 * <p>This is the one place GlobalData's meters are registered: the metrics off switch gates
 * the registry given to {@link #of(MeterRegistry)}.
 *
 * <p>Threading: any thread.
 */
final class GlobalDataMeters {

  /** Bounds of the latency histogram's buckets. */
  static final Duration OP_MIN = Duration.ofNanos(100_000);
  static final Duration OP_MAX = Duration.ofSeconds(10);

  private final MeterRegistry registry;
  /** The meters' name prefix and the operation's label, e.g. {@code switchboard.globaldata}. */
  private final String name;
  private final String opTag;
  private final String what;
  /** The meters of each operation, made on its first call. */
  private final Map<String, OpMeters> ops = new ConcurrentHashMap<>();

  private GlobalDataMeters(MeterRegistry registry, String name, String opTag, String what) {
    this.registry = registry;
    this.name = name;
    this.opTag = opTag;
    this.what = what;
  }

  /**
   * @param registry the node's registry, or a registry of no-ops when GlobalData's metrics are
   *                 off ({@link NodeMetrics#registry(Vertx, dev.switchboard.core.MetricsOptions)})
   * @return meters on that registry (each made on first use)
   */
  static GlobalDataMeters of(MeterRegistry registry) {
    return new GlobalDataMeters(registry, "switchboard.globaldata", "op", "GlobalData operation");
  }

  /**
   * The operation meters of the Workerman listener: {@code
   * switchboard_globaldata_workerman_ops_total{cmd,result}} and {@code
   * switchboard_globaldata_workerman_op_seconds{cmd}}.
   *
   * @param registry the node's registry, or a registry of no-ops when metrics are off
   * @return meters on that registry (each made on first use)
   */
  static GlobalDataMeters workerman(MeterRegistry registry) {
    return new GlobalDataMeters(registry, "switchboard.globaldata.workerman", "cmd",
        "GlobalData Workerman-protocol command");
  }

  /**
   * Counts and times one operation when its future completes.
   *
   * @param op      the operation ({@code get}, {@code set}, ...)
   * @param started when it started ({@link System#nanoTime()})
   * @param result  its result
   * @return {@code result}
   */
  <T> Future<T> measured(String op, long started, Future<T> result) {
    OpMeters meters = ops.computeIfAbsent(op, OpMeters::new);
    result.onComplete(ar -> meters.record(System.nanoTime() - started,
        ar.succeeded() ? "ok" : result(ar.cause())));
    return result;
  }

  /**
   * The summary {@code switchboard_globaldata_batch_steps{op}}: how many calls each Hazelcast
   * operation of {@code op} carried (1 for a call sent alone).
   *
   * @param op the operation whose calls travel together ({@code increment})
   * @return a recorder of one operation's number of calls
   */
  IntConsumer batchSteps(String op) {
    DistributionSummary summary = DistributionSummary.builder(name + ".batch.steps")
        .description(what + "s carried by one Hazelcast operation").tag(opTag, op)
        .register(registry);
    return summary::record;
  }

  private static String result(Throwable failure) {
    return failure instanceof GlobalDataException e
        ? e.reason().name().toLowerCase(Locale.ROOT) : "backend";
  }

  /**
   * The timer of one operation and its counter per result, each registered once: an operation
   * costs two map lookups on constant strings, no meter lookup by tags.
   */
  private final class OpMeters {

    private final String op;
    private final Timer timer;
    private final Map<String, Counter> byResult = new ConcurrentHashMap<>();

    OpMeters(String op) {
      this.op = op;
      this.timer = Timer.builder(name + ".op")
          .description(what + " latency, from the call to its future completed")
          .tag(opTag, op).publishPercentileHistogram()
          .minimumExpectedValue(OP_MIN).maximumExpectedValue(OP_MAX).register(registry);
    }

    void record(long nanos, String result) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
      byResult.computeIfAbsent(result, r -> Counter.builder(name + ".ops")
          .description(what + "s by " + opTag + " and result")
          .tags(opTag, op, "result", r).register(registry)).increment();
    }
  }

  /**
   * On a Hazelcast member: gauges of the map's entries this member owns and backs up, read from
   * its {@link com.hazelcast.map.LocalMapStats} when scraped (zero when the map's statistics
   * are off). The first GlobalData of the node registers them; a client has none.
   *
   * @param hazelcast the instance GlobalData runs on
   * @param map       its map
   */
  void localMap(HazelcastInstance hazelcast, IMap<String, String> map) {
    if (!(hazelcast.getLocalEndpoint() instanceof Member)) {
      return;
    }
    Gauge.builder("switchboard.globaldata.local.entries", map,
            m -> m.getLocalMapStats().getOwnedEntryCount())
        .description("Entries of the GlobalData map this member owns").strongReference(true)
        .register(registry);
    Gauge.builder("switchboard.globaldata.local.backup.entries", map,
            m -> m.getLocalMapStats().getBackupEntryCount())
        .description("Backup entries of the GlobalData map this member holds")
        .strongReference(true).register(registry);
  }
}
