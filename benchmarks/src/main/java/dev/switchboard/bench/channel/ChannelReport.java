package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Csv;
import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.bench.common.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything one channel benchmark run measured, rendered as markdown (medians over rounds, ours
 * next to Redis, the federated rows, every round, the profile) and as CSV (one line per cell and
 * round).
 *
 * <p>Not thread-safe: filled and rendered by the main thread.
 */
final class ChannelReport {

  /** The N the acceptance target is stated at. */
  static final int TARGET_SUBSCRIBERS = 10;

  private static final String OURS = "ours-1";
  private static final String FEDERATED = "ours-2";
  private static final String REDIS = "redis";

  private final ChannelBenchOptions options;
  private final ReportFrame frame = new ReportFrame();
  private final Map<String, String> systems = new LinkedHashMap<>();
  private final List<PubSubResult> results = new ArrayList<>();
  private String redisVersion;
  private ChannelProfile.Outcome profile;

  /**
   * @param options the run's options
   */
  ChannelReport(ChannelBenchOptions options) {
    this.options = options;
  }

  /**
   * @return when the run started, as used in file names
   */
  String stamp() {
    return frame.stamp();
  }

  /** @param system a system measured in this run, for the set-up section */
  void system(PubSubSystem system) {
    systems.put(system.label(), system.description());
  }

  /** @param version what redis-server --version printed */
  void redisVersion(String version) {
    redisVersion = version;
  }

  /** @param result one measured cell */
  void result(PubSubResult result) {
    results.add(result);
  }

  /** @param outcome the profiled cells */
  void profile(ChannelProfile.Outcome outcome) {
    profile = outcome;
  }

  /** @param note a step that failed, listed under "Problems" */
  void note(String note) {
    frame.note(note);
  }

  /**
   * @return true when a cell failed or lost, duplicated or reordered events, or a step failed
   */
  boolean hasProblems() {
    return frame.hasNotes() || results.stream().anyMatch(r -> !r.consistent());
  }

  /**
   * @return the raw results, one CSV line per cell and round
   */
  String csv() {
    return csv(results);
  }

  /**
   * @param results measured cells
   * @return the raw results, one CSV line per cell and round
   */
  static String csv(List<PubSubResult> results) {
    Csv csv = new Csv("system", "subscribers", "round", "seconds", "publishes_per_s",
        "deliveries_per_s", "p50_us", "p99_us", "sent", "acked", "received", "expected", "missing",
        "out_of_order", "server_drops", "load_cpu_s", "server_cpu_s", "server_system_s",
        "server_read_calls", "server_write_calls", "load_read_calls", "load_write_calls",
        "machine_busy", "window_start", "check");
    for (PubSubResult r : results) {
      csv.row(r.key(), r.subscribers(), r.round(), Csv.fixed(r.seconds()),
          Csv.fixed(r.publishesPerSecond()), Csv.fixed(r.deliveriesPerSecond()),
          Csv.fixed(r.p50Micros()), Csv.fixed(r.p99Micros()), r.sent(), r.acked(), r.received(),
          r.expected(), r.missing(), r.backwards(), r.serverDrops(),
          Csv.fixed(r.loadCpuSeconds()), Csv.fixed(r.serverCpuSeconds()),
          Csv.fixed(r.serverSystemSeconds()), r.serverIo().readCalls(),
          r.serverIo().writeCalls(), r.loadIo().readCalls(), r.loadIo().writeCalls(),
          Csv.fixed(r.machineBusy()), r.windowStart(), Csv.quoted(r.check()));
    }
    return csv.toString();
  }

  /**
   * @return the whole report as markdown
   */
  String render() {
    StringBuilder out = new StringBuilder();
    frame.title(out, "Channel publish/subscribe benchmark");
    out.append("Run: ").append(options.describe()).append(".\n\n");
    frame.machine(out, Environment.describe());
    out.append("## Set-up\n\n");
    systems.forEach((label, description) -> out.append("- ").append(label).append(": ")
        .append(description).append('\n'));
    if (redisVersion != null) {
      out.append("- Redis: ").append(redisVersion).append('\n');
    }
    out.append("- load generator: this JVM, one Vert.x instance with ")
        .append(options.eventLoops() + 1).append(" event loops; every client on its own TCP "
            + "connection; the publisher alone on loop 0, subscriber i on loop 1 + (i mod "
            + options.eventLoops() + "); ours: "
            + "`ChannelClient.create` per connection, Redis: a minimal RESP client on Vert.x "
            + "`NetClient` (TCP_NODELAY both)\n");
    out.append("- cell: fresh channel, N subscribers subscribed (live) before the first publish, "
            + "one publisher with at most ").append(options.window())
        .append(" unacknowledged publishes of a ").append(Payload.SIZE)
        .append("-byte payload (sequence number + send time), warm-up then measured window; "
            + "afterwards every subscriber must have every acknowledged publish once, in "
            + "order\n\n");

    renderMedians(out);
    renderFederated(out);
    renderRounds(out);
    if (profile != null) {
      renderProfile(out);
    }
    frame.problems(out);
    return out.toString();
  }

  private void renderMedians(StringBuilder out) {
    if (cells(OURS).isEmpty() && cells(REDIS).isEmpty()) {
      return;
    }
    out.append("## 1 server: ours and Redis, medians over ").append(options.rounds())
        .append(" round(s)\n\n")
        .append(Table.header("N:", "ours deliveries/s:", "Redis deliveries/s:", "ours/Redis:",
            "ours p50 / p99 µs:", "Redis p50 / p99 µs:", "ours publishes/s:",
            "Redis publishes/s:", "server CPU µs/delivery, ours / Redis:",
            "of which kernel, ours / Redis:", "server writes/delivery, ours / Redis:",
            "checks ours / Redis"));
    for (int n : options.subscriberCounts()) {
      List<PubSubResult> ours = cells(OURS, n);
      List<PubSubResult> redis = cells(REDIS, n);
      out.append(Table.row(n,
          Fmt.rate(median(ours, PubSubResult::deliveriesPerSecond)),
          Fmt.rate(median(redis, PubSubResult::deliveriesPerSecond)),
          Fmt.ratio(median(ours, PubSubResult::deliveriesPerSecond),
              median(redis, PubSubResult::deliveriesPerSecond)),
          latency(ours), latency(redis),
          Fmt.rate(median(ours, PubSubResult::publishesPerSecond)),
          Fmt.rate(median(redis, PubSubResult::publishesPerSecond)),
          Fmt.micros(median(ours, PubSubResult::serverCpuMicrosPerDelivery)) + " / "
              + Fmt.micros(median(redis, PubSubResult::serverCpuMicrosPerDelivery)),
          Fmt.percent(median(ours, PubSubResult::serverSystemShare)) + " / "
              + Fmt.percent(median(redis, PubSubResult::serverSystemShare)),
          Fmt.calls(median(ours, PubSubResult::serverWritesPerDelivery)) + " / "
              + Fmt.calls(median(redis, PubSubResult::serverWritesPerDelivery)),
          checks(ours) + " / " + checks(redis)));
    }
    out.append("\ndeliveries/s: events received by all subscribers in the measured window per "
        + "second (N x publishes/s when nothing is lost). p50 / p99: publish-to-delivery latency "
        + "(send time in the payload to the subscriber's handler, same JVM clock), medians of the "
        + "rounds' percentiles. server CPU: user + system CPU of the server process(es) in the "
        + "window per delivery, and the share of it spent in the kernel (system time). server "
        + "writes: write system calls of the server process(es) in the window per delivery "
        + "(`syscw` of /proc/PID/io). checks: "
        + "rounds whose subscribers all got every acknowledged publish once and in order, out of "
        + "the rounds run.\n\n");
    double ours = median(cells(OURS, TARGET_SUBSCRIBERS), PubSubResult::deliveriesPerSecond);
    double redis = median(cells(REDIS, TARGET_SUBSCRIBERS), PubSubResult::deliveriesPerSecond);
    if (ours > 0 && redis > 0) {
      out.append("Target (1 server, ").append(TARGET_SUBSCRIBERS)
          .append(" subscribers, ours/Redis >= 1.0): **")
          .append(ours >= redis ? "met" : "not met")
          .append("** (").append(Fmt.ratio(ours, redis)).append(").\n\n");
    }
  }

  private void renderFederated(StringBuilder out) {
    if (cells(FEDERATED).isEmpty()) {
      return;
    }
    out.append("## 2 federated servers (ours only), medians over ").append(options.rounds())
        .append(" round(s)\n\n")
        .append(Table.header("N:", "deliveries/s:", "publishes/s:", "p50 / p99 µs:",
            "vs ours, 1 server:", "vs Redis, 1 instance:", "server CPU µs/delivery (both JVMs):",
            "server writes/delivery:", "checks"));
    for (int n : options.subscriberCounts()) {
      List<PubSubResult> fed = cells(FEDERATED, n);
      double rate = median(fed, PubSubResult::deliveriesPerSecond);
      out.append(Table.row(n, Fmt.rate(rate),
          Fmt.rate(median(fed, PubSubResult::publishesPerSecond)), latency(fed),
          Fmt.ratio(rate, median(cells(OURS, n), PubSubResult::deliveriesPerSecond)),
          Fmt.ratio(rate, median(cells(REDIS, n), PubSubResult::deliveriesPerSecond)),
          Fmt.micros(median(fed, PubSubResult::serverCpuMicrosPerDelivery)),
          Fmt.calls(median(fed, PubSubResult::serverWritesPerDelivery)), checks(fed)));
    }
    out.append("\nRedis has no federated equivalent here (pub/sub across instances needs Redis "
        + "Cluster); the single-instance Redis figures of the same run are the reference.\n\n");
  }

  private void renderRounds(StringBuilder out) {
    renderCells(out, results);
    List<String> ratios = new ArrayList<>();
    for (int n : options.subscriberCounts()) {
      List<PubSubResult> ours = cells(OURS, n);
      List<PubSubResult> redis = cells(REDIS, n);
      List<String> perRound = new ArrayList<>();
      for (PubSubResult o : ours) {
        redis.stream().filter(r -> r.round() == o.round()).findFirst().ifPresent(r ->
            perRound.add(Fmt.ratio(o.deliveriesPerSecond(), r.deliveriesPerSecond())));
      }
      if (!perRound.isEmpty()) {
        ratios.add("N = " + n + ": " + String.join(", ", perRound));
      }
    }
    if (!ratios.isEmpty()) {
      out.append("Ratio ours/Redis per round (deliveries/s): ").append(String.join("; ", ratios))
          .append(".\n\n");
    }
  }

  /**
   * Appends the "Every cell" section: one table row per cell and round.
   *
   * @param out     the report
   * @param results measured cells
   */
  static void renderCells(StringBuilder out, List<PubSubResult> results) {
    out.append("## Every cell\n\n")
        .append(Table.header("system", "N:", "round:", "publishes/s:", "deliveries/s:",
            "p50 µs:", "p99 µs:", "sent:", "received / expected:", "check",
            "load-gen CPU µs/delivery:", "server CPU µs/delivery:", "server CPU in kernel:",
            "server writes/delivery:", "load-gen reads/delivery:", "machine busy:"));
    for (PubSubResult r : results) {
      out.append(Table.row(r.system(), r.subscribers(), r.round(),
          Fmt.rate(r.publishesPerSecond()), Fmt.rate(r.deliveriesPerSecond()),
          Fmt.micros(r.p50Micros()), Fmt.micros(r.p99Micros()), r.sent(),
          r.received() + " / " + r.expected(), r.check(),
          Fmt.micros(r.loadCpuMicrosPerDelivery()), Fmt.micros(r.serverCpuMicrosPerDelivery()),
          Fmt.percent(r.serverSystemShare()), Fmt.calls(r.serverWritesPerDelivery()),
          Fmt.calls(r.loadReadsPerDelivery()), Fmt.percent(r.machineBusy())));
    }
    out.append('\n');
  }

  private void renderProfile(StringBuilder out) {
    PubSubResult o = profile.ours();
    out.append("## Profile: 1 server, ").append(o.subscribers())
        .append(" subscribers, under Java Flight Recorder\n\n")
        .append("Fresh server JVM: ").append(profile.target()).append(". Both JVMs recorded with "
            + "the `profile` settings (and `jdk.ThreadCPULoad` every second); figures for the "
            + "measured window only, a little below the plain run's (the recorder costs CPU).\n\n")
        .append("### Ours: ").append(Fmt.rate(o.deliveriesPerSecond())).append(" deliveries/s, ")
        .append(Fmt.rate(o.publishesPerSecond())).append(" publishes/s, p50 ")
        .append(Fmt.micros(o.p50Micros())).append(" µs, p99 ").append(Fmt.micros(o.p99Micros()))
        .append(" µs (").append(o.check()).append(")\n\n")
        .append(profile.oursSummary()).append('\n');
    PubSubResult r = profile.redis();
    if (r != null) {
      out.append("### Redis, same N, load generator only: ")
          .append(Fmt.rate(r.deliveriesPerSecond())).append(" deliveries/s, ")
          .append(Fmt.rate(r.publishesPerSecond()))
          .append(" publishes/s (").append(r.check()).append(")\n\n")
          .append(profile.redisSummary()).append('\n');
    }
  }

  private List<PubSubResult> cells(String key) {
    return results.stream().filter(r -> r.key().equals(key)).toList();
  }

  private List<PubSubResult> cells(String key, int subscribers) {
    return results.stream().filter(r -> r.key().equals(key) && r.subscribers() == subscribers
        && r.failure() == null).toList();
  }

  /**
   * @return the median of the values present (not negative), NaN for none
   */
  static double median(List<PubSubResult> cells, ToDoubleFunction<PubSubResult> value) {
    return Fmt.median(cells.stream().map(value::applyAsDouble).filter(v -> v >= 0).toList());
  }

  /**
   * @return "k/n ok": the cells whose check passed, out of those run; a dash for none
   */
  static String checks(List<PubSubResult> cells) {
    if (cells.isEmpty()) {
      return Fmt.NONE;
    }
    long ok = cells.stream().filter(PubSubResult::consistent).count();
    return ok + "/" + cells.size() + " ok";
  }

  /**
   * @return the medians of p50 and of p99, "p50 / p99" in µs
   */
  static String latency(List<PubSubResult> cells) {
    return Fmt.micros(median(cells, PubSubResult::p50Micros)) + " / "
        + Fmt.micros(median(cells, PubSubResult::p99Micros));
  }
}
