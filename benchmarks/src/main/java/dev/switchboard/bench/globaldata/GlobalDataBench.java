package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.BenchMain;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.RedisServer;
import dev.switchboard.bench.common.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The GlobalData benchmark: {@code increment} and {@code cas} throughput and latency with 1, 16
 * and 64 concurrent callers, on one hot key and on a random key per operation out of 10,000, on
 * a 2-member loopback Hazelcast cluster in member mode and in client mode; Redis INCR measured by
 * redis-benchmark on the same machine in the same run as the peer; a flight-recorder profile of
 * the member-mode cells; and the time a 3-node cluster takes to start.
 *
 * <p>Prints the report (markdown) to standard output and writes it to the results directory;
 * logs go to standard error. Every child JVM and the redis-server are stopped at the end, on
 * failure, and on SIGTERM (shutdown hook). Exits 0 when every cell ran and its keys added up,
 * 1 otherwise, 2 on a bad command line.
 *
 * <p>Run it through {@code benchmarks/globaldata.sh}, which sets the class path, the Hazelcast
 * Java 17 flags (also for the child JVMs, through {@code -Dswitchboard.jvm.flags}) and installs
 * redis when missing.
 */
public final class GlobalDataBench {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalDataBench.class);

  /** Callers of the unmeasured JIT warm-up run on each new cluster. */
  private static final int PREWARM_CALLERS = 16;

  private final GlobalDataBenchOptions options;
  private final Cleanup cleanup;
  private final GlobalDataReport report;

  private GlobalDataBench(GlobalDataBenchOptions options, Cleanup cleanup) {
    this.options = options;
    this.cleanup = cleanup;
    this.report = new GlobalDataReport(options);
  }

  /**
   * @param args the command line, see {@code --help} ({@link GlobalDataBenchOptions})
   */
  public static void main(String[] args) {
    BenchMain.run(args, new GlobalDataBenchOptions(),
        (options, cleanup) -> new GlobalDataBench(options, cleanup).runAll());
  }

  private int runAll() throws IOException {
    LOG.info("GlobalData benchmark: {}", options.describe());
    if (options.clusterStart()) {
      report.clusterStarts(ClusterStartBench.run(cleanup));
    }
    if (options.run().redis() && !cleanup.closing()) {
      runRedis();
    }
    for (Mode mode : options.modes()) {
      if (!cleanup.closing()) {
        runMode(mode);
      }
    }
    if (options.run().profile() && !cleanup.closing()) {
      runProfile();
    }
    ReportFiles.write(options.run().resultsDir(), "globaldata", report.stamp(), report.render(),
        null);
    return report.hasProblems() ? 1 : 0;
  }

  private void runMode(Mode mode) {
    BenchTarget target;
    try {
      target = mode == Mode.MEMBER
          ? MemberTarget.start(cleanup, List.of(), Workload.HOT_KEY)
          : ClientTarget.start(cleanup, Workload.HOT_KEY);
    } catch (Exception e) {
      LOG.error("{} mode did not start", mode.label(), e);
      report.note(mode.label() + " mode did not start: " + e);
      return;
    }
    try {
      report.target(mode, target.description());
      CellRunner runner = new CellRunner(target);
      if (!options.prewarm().isZero()) {
        LOG.info("{} mode: JIT warm-up for {} ms", mode.label(), options.prewarm().toMillis());
        runner.run(new Workload(Op.INCREMENT, options.keyCount()), PREWARM_CALLERS, Duration.ZERO,
            options.prewarm());
      }
      for (Op op : options.ops()) {
        for (int keyCount : keyCounts()) {
          for (int callers : options.callers()) {
            if (cleanup.closing()) {
              LOG.warn("{} mode: stopping, the JVM is shutting down", mode.label());
              return;
            }
            Workload workload = new Workload(op, keyCount);
            CellResult cell;
            try {
              cell = runner.run(workload, callers, options.run().warmup(),
                  options.run().duration());
            } catch (RuntimeException e) {
              LOG.error("{} mode, {} x {} failed", mode.label(), workload.describe(), callers, e);
              cell = CellResult.failed(mode, workload, callers, e.getMessage());
            }
            logCell(cell);
            report.cell(cell);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("{} mode failed", mode.label(), e);
      report.note(mode.label() + " mode failed: " + e);
    } finally {
      target.close();
    }
  }

  /** @return the hot key, then the key set of {@code --keys} (only the hot key for 1) */
  private List<Integer> keyCounts() {
    return options.keyCount() == 1 ? List.of(1) : List.of(1, options.keyCount());
  }

  private void runRedis() {
    Cleanup.Registration registration = null;
    try {
      RedisServer server = RedisServer.start(options.run().redisServer());
      registration = cleanup.register("redis-server", server);
      report.redisVersion(server.version());
      for (int keyCount : keyCounts()) {
        for (int callers : options.callers()) {
          report.redis(RedisBenchmark.run(options.redisBenchmark(), server, callers, keyCount,
              options.run().duration()));
        }
      }
    } catch (Exception e) {
      LOG.error("Redis peer failed", e);
      report.note("Redis peer failed: " + e);
    } finally {
      if (registration != null) {
        registration.close();
      }
    }
  }

  private void runProfile() {
    try {
      report.profile(ProfileRun.run(cleanup, options, options.run().resultsDir(), report.stamp()));
    } catch (Exception e) {
      LOG.error("Profile run failed", e);
      report.note("Profile run failed: " + e);
    }
  }

  /**
   * Logs one cell's figures.
   *
   * @param cell the cell
   */
  static void logCell(CellResult cell) {
    if (cell.failure() != null) {
      LOG.warn("{} {} x {}: FAILED {}", cell.mode().label(), cell.workload().describe(),
          cell.callers(), cell.failure());
      return;
    }
    LOG.info("{} {} x {}: {} ops/s, p50 {} us, p99 {} us, conflicts {}, errors {}, "
            + "CPU {} us/op, machine {}% busy, check {}",
        cell.mode().label(), cell.workload().describe(), cell.callers(),
        Math.round(cell.opsPerSecond()), Math.round(cell.p50Micros()),
        Math.round(cell.p99Micros()), cell.conflicts(), cell.errors(),
        Math.round(cell.cpuMicrosPerOp()), Math.round(100 * cell.machineBusy()), cell.check());
  }
}
