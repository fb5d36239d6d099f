package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.Latencies;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Runs one cell against a {@link BenchTarget}: resets the keys to 0, deploys the callers, lets
 * them run a warm-up then the measured window, waits for their last operations, and reads the
 * keys back to check that they hold exactly the successful operations.
 *
 * <p>For cas the callers of a cell share one table of the highest value seen per key: a caller
 * that knows only its own last value would hold a stale value for almost every one of 10,000
 * random keys, so nearly every cas would fail for a reason that is the benchmark's, not a
 * concurrent writer's. With the shared table a cas fails only when another caller really wrote
 * the key in between.
 *
 * <p>Not thread-safe: drive it from the benchmark's main thread.
 */
final class CellRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CellRunner.class);

  /** Keys reset or read back at once outside the measured windows. */
  private static final int BULK_CONCURRENCY = 64;

  /** Bound of resetting or reading back the keys, of deploying and of undeploying callers. */
  private static final Duration HOUSEKEEPING_BOUND = Duration.ofSeconds(120);

  /** How long past the window's end the last operations may take before the cell fails. */
  private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);

  private final BenchTarget target;

  /**
   * @param target the cluster and GlobalData to measure
   */
  CellRunner(BenchTarget target) {
    this.target = target;
  }

  /**
   * Runs one cell.
   *
   * @param workload the operation and key set
   * @param callers  concurrent callers, positive
   * @param warmup   warm-up before the measured window
   * @param duration the measured window
   * @return the result
   * @throws IllegalStateException when a step does not complete within its bound
   */
  CellResult run(Workload workload, int callers, Duration warmup, Duration duration) {
    GlobalData data = target.data();
    Vertx vertx = target.vertx();
    String[] keys = workload.keys();
    Await.result(Bulk.run(vertx, keys.length, BULK_CONCURRENCY, i -> data.set(keys[i], 0L)),
        HOUSEKEEPING_BOUND, "resetting " + keys.length + " keys");

    AtomicLongArray known = new AtomicLongArray(keys.length);
    List<Caller> list = new ArrayList<>(callers);
    List<Histogram> histograms = new ArrayList<>(callers);
    for (int i = 0; i < callers; i++) {
      Histogram histogram = Latencies.histogram();
      histograms.add(histogram);
      list.add(new Caller(data, workload.op(), keys, known, histogram));
    }
    List<String> deployments = Await.result(
        Future.all(list.stream().map(vertx::deployVerticle).toList())
            .map(all -> all.<String>list()),
        HOUSEKEEPING_BOUND, "deploying " + callers + " callers");

    long t0 = System.nanoTime();
    Instant wall0 = Instant.now();
    long measureStart = t0 + warmup.toNanos();
    long measureEnd = measureStart + duration.toNanos();
    List<Long> pids = target.pids();
    Promise<CpuSample> cpuAtStart = Promise.promise();
    Promise<CpuSample> cpuAtEnd = Promise.promise();
    vertx.setTimer(Math.max(1, warmup.toMillis()), id -> cpuAtStart.complete(CpuSample.take(pids)));
    vertx.setTimer(Math.max(1, warmup.plus(duration).toMillis()),
        id -> cpuAtEnd.complete(CpuSample.take(pids)));
    try {
      Await.result(Future.all(list.stream().map(c -> c.run(measureStart, measureEnd)).toList()),
          warmup.plus(duration).plus(DRAIN_BOUND), "cell " + workload.describe() + " x " + callers);
    } finally {
      Await.result(Future.join(deployments.stream().map(vertx::undeploy).toList()),
          HOUSEKEEPING_BOUND, "undeploying callers");
    }

    long applied = list.stream().mapToLong(Caller::applied).sum();
    long operations = list.stream().mapToLong(Caller::measured).sum();
    long conflicts = list.stream().mapToLong(Caller::conflicts).sum();
    long errors = list.stream().mapToLong(Caller::errors).sum();
    if (errors > 0) {
      Throwable first = list.stream().map(Caller::firstError).filter(Objects::nonNull).findFirst()
          .orElse(null);
      LOG.warn("{} x {}: {} operations failed, the first with {}", workload.describe(), callers,
          errors, String.valueOf(first));
    }
    CpuSample before = Await.result(cpuAtStart.future(), HOUSEKEEPING_BOUND, "CPU sample");
    CpuSample after = Await.result(cpuAtEnd.future(), HOUSEKEEPING_BOUND, "CPU sample");
    Histogram latencies = Latencies.merge(histograms);
    long stored = sum(data, vertx, keys);
    double seconds = duration.toNanos() / 1e9;
    return new CellResult(target.mode(), workload, callers, seconds, operations,
        Latencies.percentileMicros(latencies, 0.50),
        Latencies.percentileMicros(latencies, 0.99),
        latencies.getTotalCount(), conflicts, errors, applied, stored,
        before.userSecondsUntil(after),
        before.systemSecondsUntil(after), before.machineBusyUntil(after), wall0.plus(warmup),
        wall0.plus(warmup).plus(duration), null);
  }

  private static long sum(GlobalData data, Vertx vertx, String[] keys) {
    AtomicLong sum = new AtomicLong();
    Await.result(Bulk.run(vertx, keys.length, BULK_CONCURRENCY, i -> data.get(keys[i], Number.class)
            .map(n -> sum.addAndGet(n == null ? 0 : n.longValue()))),
        HOUSEKEEPING_BOUND, "reading back " + keys.length + " keys");
    return sum.get();
  }
}
