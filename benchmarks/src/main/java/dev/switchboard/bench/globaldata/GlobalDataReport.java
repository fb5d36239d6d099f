package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Environment;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured, rendered as markdown: the cluster start times, the GlobalData
 * cells next to Redis at the same concurrency and key set, the ratios, and the profile.
 *
 * <p>Not thread-safe: filled and rendered by the main thread.
 */
final class GlobalDataReport {

  /** The concurrency the acceptance target is stated at. */
  static final int TARGET_CALLERS = 64;

  private final GlobalDataBenchOptions options;
  private final ZonedDateTime started = ZonedDateTime.now();
  private final String loadBefore = Environment.loadAverage();
  private final List<ClusterStartBench.Result> clusterStarts = new ArrayList<>();
  private final Map<Mode, String> targets = new LinkedHashMap<>();
  private final List<CellResult> cells = new ArrayList<>();
  private final List<RedisBenchmark.Result> redis = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String redisVersion;
  private ProfileRun.Outcome profile;

  /**
   * @param options the run's options
   */
  GlobalDataReport(GlobalDataBenchOptions options) {
    this.options = options;
  }

  /**
   * @return when the run started, as used in file names
   */
  String stamp() {
    return started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }

  /** @param results the cluster start timings */
  void clusterStarts(List<ClusterStartBench.Result> results) {
    clusterStarts.addAll(results);
  }

  /**
   * @param mode        member or client
   * @param description who runs where, for the report
   */
  void target(Mode mode, String description) {
    targets.put(mode, description);
  }

  /** @param cell one measured GlobalData cell */
  void cell(CellResult cell) {
    cells.add(cell);
  }

  /** @param version what redis-server --version printed */
  void redisVersion(String version) {
    redisVersion = version;
  }

  /** @param result one redis-benchmark cell */
  void redis(RedisBenchmark.Result result) {
    redis.add(result);
  }

  /** @param outcome the profiled cells */
  void profile(ProfileRun.Outcome outcome) {
    profile = outcome;
  }

  /** @param note a step that failed, listed under "Problems" */
  void note(String note) {
    notes.add(note);
  }

  /**
   * @return true when a cell failed, a cell's keys did not add up, or a step failed
   */
  boolean hasProblems() {
    return !notes.isEmpty() || cells.stream().anyMatch(c -> !c.consistent());
  }

  /**
   * @return the whole report as markdown
   */
  String render() {
    StringBuilder out = new StringBuilder();
    out.append("# GlobalData benchmark, ")
        .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)))
        .append("\n\n");
    out.append("Run: ").append(options.describe()).append(".\n\n");
    out.append("Machine:\n\n");
    Environment.describe().forEach(line -> out.append("- ").append(line).append('\n'));
    out.append("- load average (1, 5, 15 min): ").append(loadBefore).append(" at the start, ")
        .append(Environment.loadAverage()).append(" at the end\n\n");

    if (!clusterStarts.isEmpty()) {
      renderClusterStarts(out);
    }
    if (!cells.isEmpty()) {
      renderCells(out);
    }
    if (!redis.isEmpty()) {
      renderRedis(out);
    }
    if (!cells.isEmpty() && !redis.isEmpty()) {
      renderRatios(out);
    }
    if (profile != null) {
      renderProfile(out);
    }
    if (!notes.isEmpty()) {
      out.append("## Problems\n\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
      out.append('\n');
    }
    return out.toString();
  }

  private void renderClusterStarts(StringBuilder out) {
    out.append("## Cluster start (3 nodes on 127.0.0.1)\n\n")
        .append("| how | launch to ready | detail |\n| --- | ---: | --- |\n");
    for (ClusterStartBench.Result r : clusterStarts) {
      out.append("| ").append(r.label()).append(" | ")
          .append(r.millis() < 0 ? "failed" : r.millis() + " ms").append(" | ")
          .append(r.detail()).append(" |\n");
    }
    out.append('\n');
  }

  private void renderCells(StringBuilder out) {
    out.append("## GlobalData, 2-member loopback cluster\n\n");
    targets.forEach((mode, description) -> out.append("- ").append(mode.label())
        .append(" mode: ").append(description).append('\n'));
    out.append('\n');
    out.append("| mode | op | keys | callers | ops/s | p50 µs | p99 µs | cas conflicts "
        + "| CPU µs/op | machine busy | Redis INCR ops/s | ours/Redis | check |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        + "| --- |\n");
    for (CellResult c : cells) {
      Optional<RedisBenchmark.Result> peer = peer(c.workload().keyCount(), c.callers());
      out.append("| ").append(c.mode().label())
          .append(" | ").append(c.workload().op().label())
          .append(" | ").append(c.workload().keyCount())
          .append(" | ").append(c.callers())
          .append(" | ").append(c.failure() == null ? ops(c.opsPerSecond()) : "–")
          .append(" | ").append(micros(c.p50Micros()))
          .append(" | ").append(micros(c.p99Micros()))
          .append(" | ").append(c.workload().op() == Op.CAS ? String.valueOf(c.conflicts()) : "–")
          .append(" | ").append(micros(c.cpuMicrosPerOp()))
          .append(" | ").append(percent(c.machineBusy()))
          .append(" | ").append(peer.map(p -> ops(p.opsPerSecond())).orElse("–"))
          .append(" | ").append(peer.map(p -> ratio(c, p)).orElse("–"))
          .append(" | ").append(c.check())
          .append(" |\n");
    }
    out.append("\nops/s: successful operations per second in the measured window (for cas, "
        + "calls that returned true). p50/p99: latency of one operation as its caller sees it "
        + "(for cas, every call, true or false). cas conflicts: calls that returned false in the "
        + "window, each followed by a `get`. CPU µs/op: user + system CPU time of this JVM and "
        + "the member JVMs in the window, per successful operation. machine busy: share of the "
        + "machine's CPU time in use in the window, by anyone. check: after each cell the keys "
        + "are read back and must add up to the successful operations (warm-up included). For "
        + "cas rows the ratio compares cas with Redis INCR, which has no single-command "
        + "compare-and-set.\n\n");
  }

  private void renderRedis(StringBuilder out) {
    out.append("## Redis peer\n\n")
        .append(redisVersion == null ? "" : redisVersion + "; ")
        .append("private redis-server on 127.0.0.1 with `--save '' --appendonly no`, "
            + "redis-benchmark INCR without pipelining (`-t incr` for 1 key, "
            + "`-r N INCR key:__rand_int__` for N keys), request count sized from a "
            + "calibration run to last about the measured window. redis-server CPU counts the "
            + "server only, not redis-benchmark.\n\n")
        .append("| keys | clients | requests | ops/s | p50 µs | p99 µs | redis-server CPU µs/op "
            + "| machine busy |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (RedisBenchmark.Result r : redis) {
      out.append("| ").append(r.keyCount()).append(" | ").append(r.clients()).append(" | ")
          .append(r.requests()).append(" | ").append(ops(r.opsPerSecond())).append(" | ")
          .append(micros(r.p50Micros())).append(" | ").append(micros(r.p99Micros()))
          .append(" | ").append(micros(r.serverCpuMicrosPerOp())).append(" | ")
          .append(percent(r.machineBusy())).append(" |\n");
    }
    out.append('\n');
  }

  private void renderRatios(StringBuilder out) {
    List<String> columns = new ArrayList<>();
    for (CellResult c : cells) {
      String column = column(c);
      if (!columns.contains(column)) {
        columns.add(column);
      }
    }
    out.append("## Ratio ours/Redis INCR by concurrency\n\n| callers |");
    columns.forEach(col -> out.append(' ').append(col).append(" |"));
    out.append("\n| ---: |");
    columns.forEach(col -> out.append(" ---: |"));
    out.append('\n');
    for (int callers : options.callers()) {
      out.append("| ").append(callers).append(" |");
      for (String column : columns) {
        String value = cells.stream()
            .filter(c -> c.callers() == callers && column(c).equals(column))
            .findFirst()
            .flatMap(c -> peer(c.workload().keyCount(), callers).map(p -> ratio(c, p)))
            .orElse("–");
        out.append(' ').append(value).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
    List<String> verdicts = new ArrayList<>();
    for (CellResult c : cells) {
      if (c.mode() == Mode.MEMBER && c.workload().op() == Op.INCREMENT
          && c.callers() == TARGET_CALLERS) {
        peer(c.workload().keyCount(), c.callers()).ifPresent(p -> verdicts.add(
            c.workload().keysLabel() + ": " + ratio(c, p)));
      }
    }
    if (!verdicts.isEmpty()) {
      boolean met = cells.stream().filter(c -> c.mode() == Mode.MEMBER
              && c.workload().op() == Op.INCREMENT && c.callers() == TARGET_CALLERS)
          .allMatch(c -> peer(c.workload().keyCount(), c.callers())
              .map(p -> c.failure() == null && c.opsPerSecond() >= p.opsPerSecond())
              .orElse(false));
      out.append("Target (member mode, increment, ").append(TARGET_CALLERS)
          .append(" callers, ours/Redis >= 1.0): **").append(met ? "met" : "not met")
          .append("** (").append(String.join(", ", verdicts)).append(").\n\n");
    }
  }

  private void renderProfile(StringBuilder out) {
    out.append("## Profile: member mode under Java Flight Recorder\n\n")
        .append("Fresh 2-member cluster: ").append(profile.target()).append(". Both JVMs "
            + "recorded with the `profile` settings (and `jdk.ThreadCPULoad` every second); "
            + "figures below are for the measured window only. The cells' own figures are lower "
            + "than in the plain run: the recorder costs CPU, the more so the more threads are "
            + "started.\n\n");
    for (ProfileRun.Profiled p : profile.cells()) {
      CellResult c = p.cell();
      out.append("### ").append(c.workload().describe()).append(", ").append(c.callers())
          .append(" callers: ").append(ops(c.opsPerSecond())).append(" ops/s, p50 ")
          .append(micros(c.p50Micros())).append(" µs, p99 ").append(micros(c.p99Micros()))
          .append(" µs (").append(c.check()).append(")\n\n")
          .append(p.summary()).append('\n');
    }
  }

  private Optional<RedisBenchmark.Result> peer(int keyCount, int callers) {
    return redis.stream().filter(r -> r.keyCount() == keyCount && r.clients() == callers)
        .findFirst();
  }

  private static String column(CellResult c) {
    return c.mode().label() + " " + c.workload().op().label() + ", " + c.workload().keysLabel();
  }

  private static String ratio(CellResult c, RedisBenchmark.Result peer) {
    if (c.failure() != null || peer.opsPerSecond() <= 0) {
      return "–";
    }
    double ratio = c.opsPerSecond() / peer.opsPerSecond();
    return String.format(Locale.ROOT, ratio >= 0.1 ? "%.2f" : "%.3f", ratio);
  }

  private static String ops(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String percent(double share) {
    return share < 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static String micros(double value) {
    if (value < 0) {
      return "–";
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }
}
