package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.bench.common.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of {@link ChannelPhpBench} measured, as markdown (medians over rounds, PHP next to
 * JSON per scenario and N, the ratio PHP/JSON, every cell) and as CSV (one line per cell and
 * round).
 *
 * <p>Not thread-safe: filled and rendered by the main thread.
 */
final class ChannelPhpReport {

  /** Protocol keys, the prefix of a result's key. */
  static final String PHP = "php";
  static final String JSON = "json";

  private final ChannelPhpOptions options;
  private final ReportFrame frame = new ReportFrame();
  private final Map<String, String> scenarios = new LinkedHashMap<>();
  private final List<PubSubResult> results = new ArrayList<>();
  private String phpVersion = "unknown";

  /**
   * @param options the run's options
   */
  ChannelPhpReport(ChannelPhpOptions options) {
    this.options = options;
  }

  /**
   * @param protocol {@link #PHP} or {@link #JSON}
   * @param system   the servers
   * @return the key of that protocol's results on those servers
   */
  static String key(String protocol, PubSubSystem system) {
    return protocol + "-" + system.key();
  }

  /**
   * @param protocol {@link #PHP} or {@link #JSON}
   * @param system   the servers
   * @return the label of that protocol's results on those servers
   */
  static String label(String protocol, PubSubSystem system) {
    return (PHP.equals(protocol) ? "PHP" : "JSON") + ", " + system.label();
  }

  /** @return when the run started, as used in file names */
  String stamp() {
    return frame.stamp();
  }

  /** @param system a system measured in this run, for the set-up section */
  void system(PubSubSystem system) {
    scenarios.put(system.key(), system.label() + ": " + system.description());
  }

  /** @param version what {@code php -v} printed first */
  void phpVersion(String version) {
    phpVersion = version;
  }

  /** @param result one measured cell */
  void result(PubSubResult result) {
    results.add(result);
  }

  /** @param note a step that failed, listed under "Problems" */
  void note(String note) {
    frame.note(note);
  }

  /** @return true when a cell failed or lost, duplicated or reordered events, or a step failed */
  boolean hasProblems() {
    return frame.hasNotes() || results.stream().anyMatch(r -> !r.consistent());
  }

  /** @return the raw results, one CSV line per cell and round */
  String csv() {
    return ChannelReport.csv(results);
  }

  /** @return the whole report as markdown */
  String render() {
    StringBuilder out = new StringBuilder();
    frame.title(out, "Channel benchmark: Workerman PHP clients and JSON clients");
    out.append("Run: ").append(options.describe()).append(".\n\n");
    frame.machine(out, Environment.describe());
    out.append("## Set-up\n\n");
    scenarios.values().forEach(d -> out.append("- ").append(d).append('\n'));
    out.append("- PHP clients: ").append(phpVersion).append(", `benchmarks/php/` "
            + "(`channel_subscriber.php`, `channel_publisher.php`): one php-cli process and TCP "
            + "connection per subscriber and for the publisher, Workerman Channel's protocol "
            + "(Frame, PHP `serialize()` of `subscribe` / `publish` arrays, `event` arrays "
            + "back); non-blocking sockets and `stream_select`; latency from `hrtime()` (the "
            + "monotonic clock every process shares) into a log-linear histogram (< 0.8 % "
            + "error) merged by the harness. The protocol has no acks: the publisher also "
            + "subscribes to its channel and counts its own events as acks, so the server sends "
            + "it one event per publish where a JSON publisher gets one ack\n")
        .append("- JSON clients: the channel benchmark's (`benchmarks/channel.sh`), one "
            + "`ChannelClient` per connection in this JVM, ").append(options.cell().eventLoops())
        .append(" event loop(s)\n")
        .append("- cell, both protocols: fresh channel, N subscribers live before the first "
            + "publish, one publisher with at most ").append(options.cell().window())
        .append(" publishes unacknowledged, data of ").append(Payload.SIZE)
        .append(" bytes (sequence number + send time), warm-up then measured window; "
            + "afterwards every subscriber must have every publish once, in order. PHP and "
            + "JSON cells alternate on the same servers (which goes first alternates too)\n\n");
    renderMedians(out);
    ChannelReport.renderCells(out, results);
    out.append("load-gen reads/delivery is not known for PHP cells: php-cli reads its sockets "
        + "with recv(), which `syscr` of /proc/PID/io does not count.\n\n");
    frame.problems(out);
    return out.toString();
  }

  private void renderMedians(StringBuilder out) {
    out.append("## PHP protocol against JSON protocol, medians over ")
        .append(options.cell().rounds())
        .append(" round(s)\n\n")
        .append(Table.header("scenario", "N:", "protocol", "deliveries/s:", "publishes/s:",
            "p50 / p99 µs:", "deliveries/s PHP/JSON:", "p99 PHP/JSON:",
            "server CPU µs/delivery:", "server CPU PHP/JSON:", "client CPU µs/delivery:",
            "checks"));
    for (String scenario : scenarios.keySet()) {
      for (int n : options.subscriberCounts()) {
        List<PubSubResult> php = cells(PHP + "-" + scenario, n);
        List<PubSubResult> json = cells(JSON + "-" + scenario, n);
        String name = php.isEmpty() ? (json.isEmpty() ? scenario : json.get(0).system())
            : php.get(0).system();
        name = name.substring(name.indexOf(", ") + 2);
        out.append(row(name, n, "PHP", php, json)).append(row(name, n, "JSON", json, null));
      }
    }
    out.append("\ndeliveries/s: events received by all subscribers in the measured window per "
        + "second. p50 / p99: publish-to-delivery latency, medians of the rounds' percentiles. "
        + "PHP/JSON: the PHP row's median over the JSON row's (deliveries/s below 1 and p99 "
        + "above 1: the PHP protocol costs more). server CPU: user + system CPU of the server "
        + "JVM(s) in the window per delivery. client CPU: the load generator's (PHP: every "
        + "php-cli process of the cell; JSON: this JVM). checks: rounds whose subscribers all "
        + "got every publish once and in order, out of the rounds run.\n\n");
  }

  private static String row(String scenario, int n, String protocol, List<PubSubResult> cells,
                            List<PubSubResult> json) {
    double rate = ChannelReport.median(cells, PubSubResult::deliveriesPerSecond);
    double p99 = ChannelReport.median(cells, PubSubResult::p99Micros);
    double cpu = ChannelReport.median(cells, PubSubResult::serverCpuMicrosPerDelivery);
    String rateRatio = Fmt.NONE;
    String p99Ratio = Fmt.NONE;
    String cpuRatio = Fmt.NONE;
    if (json != null) {
      rateRatio = Fmt.ratio(rate, ChannelReport.median(json, PubSubResult::deliveriesPerSecond));
      p99Ratio = Fmt.ratio(p99, ChannelReport.median(json, PubSubResult::p99Micros));
      cpuRatio = Fmt.ratio(cpu,
          ChannelReport.median(json, PubSubResult::serverCpuMicrosPerDelivery));
    }
    return Table.row(scenario, n, protocol, Fmt.rate(rate),
        Fmt.rate(ChannelReport.median(cells, PubSubResult::publishesPerSecond)),
        ChannelReport.latency(cells), rateRatio, p99Ratio, Fmt.micros(cpu), cpuRatio,
        Fmt.micros(ChannelReport.median(cells, PubSubResult::loadCpuMicrosPerDelivery)),
        ChannelReport.checks(cells));
  }

  private List<PubSubResult> cells(String key, int subscribers) {
    return results.stream().filter(r -> r.key().equals(key) && r.subscribers() == subscribers
        && r.failure() == null).toList();
  }
}
