package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.bench.common.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final ReportFrame frame = new ReportFrame();
  private final List<ClusterStartBench.Result> clusterStarts = new ArrayList<>();
  private final Map<Mode, String> targets = new LinkedHashMap<>();
  private final List<CellResult> cells = new ArrayList<>();
  private final List<RedisBenchmark.Result> redis = new ArrayList<>();
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
    return frame.stamp();
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
    frame.note(note);
  }

  /**
   * @return true when a cell failed, a cell's keys did not add up, or a step failed
   */
  boolean hasProblems() {
    return frame.hasNotes() || cells.stream().anyMatch(c -> !c.consistent());
  }

  /**
   * @return the whole report as markdown
   */
  String render() {
    StringBuilder out = new StringBuilder();
    frame.title(out, "GlobalData benchmark");
    out.append("Run: ").append(options.describe()).append(".\n\n");
    frame.machine(out, Environment.describe());

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
    frame.problems(out);
    return out.toString();
  }

  private void renderClusterStarts(StringBuilder out) {
    out.append("## Cluster start (3 nodes on 127.0.0.1)\n\n")
        .append(Table.header("how", "launch to ready:", "detail"));
    for (ClusterStartBench.Result r : clusterStarts) {
      out.append(Table.row(r.label(), r.millis() < 0 ? "failed" : r.millis() + " ms",
          r.detail()));
    }
    out.append('\n');
  }

  private void renderCells(StringBuilder out) {
    out.append("## GlobalData, 2-member loopback cluster\n\n");
    targets.forEach((mode, description) -> out.append("- ").append(mode.label())
        .append(" mode: ").append(description).append('\n'));
    out.append('\n');
    out.append(Table.header("mode", "op", "keys:", "callers:", "ops/s:", "p50 µs:", "p99 µs:",
        "cas conflicts:", "CPU µs/op:", "machine busy:", "Redis INCR ops/s:", "ours/Redis:",
        "check"));
    for (CellResult c : cells) {
      Optional<RedisBenchmark.Result> peer = peer(c.workload().keyCount(), c.callers());
      out.append(Table.row(c.mode().label(), c.workload().op().label(),
          c.workload().keyCount(), c.callers(),
          c.failure() == null ? Fmt.count(c.opsPerSecond()) : Fmt.NONE,
          Fmt.micros(c.p50Micros()), Fmt.micros(c.p99Micros()),
          c.workload().op() == Op.CAS || c.workload().op() == Op.CAS_EXCHANGE
              ? String.valueOf(c.conflicts()) : Fmt.NONE,
          Fmt.micros(c.cpuMicrosPerOp()), Fmt.percent(c.machineBusy()),
          peer.map(p -> Fmt.count(p.opsPerSecond())).orElse(Fmt.NONE),
          peer.map(p -> ratio(c, p)).orElse(Fmt.NONE), c.check()));
    }
    out.append("\nops/s: successful operations per second in the measured window (for cas, "
        + "calls that returned true). p50/p99: latency of one operation as its caller sees it "
        + "(for cas, every call, true or false). cas conflicts: calls that returned false in the "
        + "window, each followed by a `get` (cas-exchange: by nothing, the value found comes back "
        + "with the failure). update: `update(key, \"bench.add\", 1)`, a function registered on "
        + "the members, run once on the owner. CPU µs/op: user + system CPU time of this JVM and "
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
        .append(Table.header("keys:", "clients:", "requests:", "ops/s:", "p50 µs:", "p99 µs:",
            "redis-server CPU µs/op:", "machine busy:"));
    for (RedisBenchmark.Result r : redis) {
      out.append(Table.row(r.keyCount(), r.clients(), r.requests(), Fmt.count(r.opsPerSecond()),
          Fmt.micros(r.p50Micros()), Fmt.micros(r.p99Micros()),
          Fmt.micros(r.serverCpuMicrosPerOp()), Fmt.percent(r.machineBusy())));
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
    List<String> header = new ArrayList<>(List.of("callers:"));
    columns.forEach(col -> header.add(col + ":"));
    out.append("## Ratio ours/Redis INCR by concurrency\n\n")
        .append(Table.header(header.toArray(String[]::new)));
    for (int callers : options.callers()) {
      List<Object> row = new ArrayList<>(List.of(callers));
      for (String column : columns) {
        row.add(cells.stream()
            .filter(c -> c.callers() == callers && column(c).equals(column))
            .findFirst()
            .flatMap(c -> peer(c.workload().keyCount(), callers).map(p -> ratio(c, p)))
            .orElse(Fmt.NONE));
      }
      out.append(Table.row(row.toArray()));
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
          .append(" callers: ").append(Fmt.count(c.opsPerSecond())).append(" ops/s, p50 ")
          .append(Fmt.micros(c.p50Micros())).append(" µs, p99 ")
          .append(Fmt.micros(c.p99Micros()))
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
    return Fmt.ratio(c.failure() != null ? Double.NaN : c.opsPerSecond(), peer.opsPerSecond());
  }
}
