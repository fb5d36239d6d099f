package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The broadcast fan-out section of the gateway report: medians per server, ratios of ours to
 * each peer against the targets, and every run.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class FanoutSection {

  /** Target: our deliveries/s at least this many times Socket.IO's. */
  static final double TARGET_VS_SOCKET_IO = 2.0;
  /** Target: our deliveries/s at least this many times ws's. */
  static final double TARGET_VS_WS = 1.0;

  private FanoutSection() {
  }

  /**
   * @param out     where the markdown goes
   * @param options the run's options
   * @param runs    every fan-out run
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<FanoutRun> runs) {
    double rate = 1000 / options.intervalMillis();
    out.append("## 1. Broadcast fan-out\n\n")
        .append(String.format(Locale.ROOT, "%,d WebSocket connections receive; one more "
                + "connection sends a %d-byte text message every %s ms (%s messages/s), which the "
                + "server broadcasts to every connection (%s deliveries/s offered to the "
                + "receivers); %s s warm-up, then %s s measured. deliveries/s: messages received "
                + "by the receivers in the window. Latency: send to receive, of every message "
                + "sent in the window, as each receiver saw it (the load generator waits up to "
                + "%s s after the window for those in flight; \"–\" when none arrived by then); "
                + "\"received in window\": the latency of the deliveries received in the window, "
                + "whenever sent, i.e. how far behind the server was. A fresh server per run. "
                + "Medians of %d round(s); servers alternate, each round starting with the next "
                + "one.\n\n",
            options.connections(), options.payload(),
            Reproduce.number(options.intervalMillis()), Fmt.count(rate),
            Fmt.count(rate * options.connections()), Args.seconds(options.warmup()),
            Args.seconds(options.duration()), Args.seconds(options.drain()),
            options.rounds()))
        .append("Reproduce: `").append(Reproduce.command(options, GatewayScenario.FANOUT))
        .append("`\n\n");
    renderMedians(out, options.servers(), runs, ServerKind::label);
    renderRatios(out, options, runs);
    renderRounds(out, runs, ServerKind::label);
  }

  /**
   * The table of medians, one row per server.
   *
   * @param out     where the markdown goes
   * @param servers the servers, in table order
   * @param runs    every run of the scenario
   * @param label   a server's name in the table
   */
  static void renderMedians(StringBuilder out, List<ServerKind> servers, List<FanoutRun> runs,
                            Function<ServerKind, String> label) {
    out.append(Table.header("server", "deliveries/s:", "offered/s:", "window messages delivered:",
        "p50 ms:", "p99 ms:", "p99.9 ms:", "max ms:", "received in window: p50 ms:",
        "received in window: p99 ms:", "server CPU µs/delivery:", "load-gen CPU µs/delivery:",
        "machine busy:", "saturated runs:"));
    for (ServerKind kind : servers) {
      List<FanoutRun> ok = ok(runs, kind);
      if (ok.isEmpty()) {
        out.append(Table.row(label.apply(kind), "failed", "", "", "", "", "", "", "", "", "", "",
            "", ""));
        continue;
      }
      out.append(Table.row(label.apply(kind),
          Fmt.count(median(ok, r -> r.load().deliveriesPerSecond())),
          Fmt.count(median(ok, r -> r.load().expectedPerSecond())),
          Fmt.percent(median(ok, r -> r.load().completeness())),
          Fmt.millis(median(ok, r -> r.load().p50())),
          Fmt.millis(median(ok, r -> r.load().p99())),
          Fmt.millis(median(ok, r -> r.load().p999())),
          Fmt.millis(median(ok, r -> r.load().max())),
          Fmt.millis(median(ok, r -> r.load().receivedP50())),
          Fmt.millis(median(ok, r -> r.load().receivedP99())),
          Fmt.micros(median(ok, FanoutRun::serverMicrosPerDelivery)),
          Fmt.micros(median(ok, FanoutRun::loadMicrosPerDelivery)),
          Fmt.percent(median(ok, r -> r.cpu().machineBusy())),
          ok.stream().filter(r -> r.load().saturated()).count() + " of " + ok.size()));
    }
    out.append('\n');
  }

  private static void renderRatios(StringBuilder out, GatewayBenchOptions options,
                                   List<FanoutRun> runs) {
    if (!options.servers().contains(ServerKind.OURS) || ok(runs, ServerKind.OURS).isEmpty()) {
      return;
    }
    out.append(Table.header("ours / peer (medians)", "deliveries/s:",
        "server CPU per delivery, peer / ours:", "p99 latency, peer / ours:", "target",
        "verdict"));
    for (ServerKind peer : List.of(ServerKind.SOCKET_IO, ServerKind.WS)) {
      if (!options.servers().contains(peer) || ok(runs, peer).isEmpty()) {
        continue;
      }
      double target = peer == ServerKind.SOCKET_IO ? TARGET_VS_SOCKET_IO : TARGET_VS_WS;
      double throughput = ratio(runs, peer, r -> r.load().deliveriesPerSecond(), false);
      out.append(Table.row("ours / " + peer.label(), Fmt.ratio(throughput),
          Fmt.ratio(ratio(runs, peer, FanoutRun::serverMicrosPerDelivery, true)),
          Fmt.ratio(ratio(runs, peer, r -> r.load().p99(), true)),
          "deliveries/s ≥ " + Fmt.ratio(target) + "×",
          verdict(throughput, target, saturated(runs, ServerKind.OURS), saturated(runs, peer))));
    }
    out.append("\nA CPU or latency ratio above 1 means ours needs less. When runs are saturated "
        + "(deliveries/s more than 5% below the offered rate), queues grew during the window: "
        + "their latencies grow with the window's length, and deliveries/s is what the whole "
        + "machine (server and load generator sharing its cores) delivered, not the server "
        + "alone; the server CPU per delivery is then the fairer comparison. A server that kept "
        + "up delivered the offered rate, no more: a deliveries/s ratio is a measurement only "
        + "when ours is saturated, a lower bound when only the peer is, and says nothing when "
        + "neither is (raise --connections or lower --interval).\n\n");
  }

  /**
   * @return the verdict on a deliveries/s target, given which side kept up with the offered load
   */
  static String verdict(double ratio, double target, boolean oursSaturated,
                                boolean peerSaturated) {
    if (Double.isNaN(ratio)) {
      return Fmt.NONE;
    }
    if (oursSaturated) {
      return ratio >= target ? "**met**" : "**not met**";
    }
    if (peerSaturated) {
      return ratio >= target ? "**met** (ours kept up: at least this)"
          : "undecided: ours kept up, the peer did not; raise the load";
    }
    return "undecided: both kept up with the offered load; raise it";
  }

  /** @return whether most of a server's runs were saturated */
  static boolean saturated(List<FanoutRun> runs, ServerKind kind) {
    List<FanoutRun> ok = ok(runs, kind);
    return 2 * ok.stream().filter(r -> r.load().saturated()).count() > ok.size();
  }

  /**
   * The table of every run.
   *
   * @param out   where the markdown goes
   * @param runs  every run of the scenario
   * @param label a server's name in the table
   */
  static void renderRounds(StringBuilder out, List<FanoutRun> runs,
                           Function<ServerKind, String> label) {
    out.append("Every run:\n\n").append(Table.header("server", "round:", "deliveries/s:",
        "window messages delivered:", "p50 ms:", "p99 ms:", "p99.9 ms:", "max ms:",
        "received in window: p99 ms:", "server CPU µs/delivery:", "load-gen CPU µs/delivery:",
        "machine busy:", "connection errors:", "lost:", "sender max lag ms:", "note"));
    for (FanoutRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(label.apply(r.server()), r.round(), "", "", "", "", "", "", "", "", "",
            "", "", "", "", "failed: " + r.failure()));
        continue;
      }
      LoadResult l = r.load();
      out.append(Table.row(label.apply(r.server()), r.round(), Fmt.count(l.deliveriesPerSecond()),
          Fmt.percent(l.completeness()), Fmt.millis(l.p50()), Fmt.millis(l.p99()),
          Fmt.millis(l.p999()), Fmt.millis(l.max()), Fmt.millis(l.receivedP99()),
          Fmt.micros(r.serverMicrosPerDelivery()),
          Fmt.micros(r.loadMicrosPerDelivery()), Fmt.percent(r.cpu().machineBusy()),
          l.connectErrors(), l.gaps(), Fmt.millis(l.senderMaxLag()),
          l.saturated() ? "saturated" : ""));
    }
    out.append('\n');
  }

  /**
   * @param higherIsWorse true for costs (CPU, latency): the ratio is then peer / ours
   */
  static double ratio(List<FanoutRun> runs, ServerKind peer,
                              ToDoubleFunction<FanoutRun> figure, boolean higherIsWorse) {
    double ours = median(ok(runs, ServerKind.OURS), figure);
    double theirs = median(ok(runs, peer), figure);
    return higherIsWorse ? theirs / ours : ours / theirs;
  }

  static List<FanoutRun> ok(List<FanoutRun> runs, ServerKind kind) {
    return runs.stream().filter(r -> r.server() == kind && r.ok()).toList();
  }

  private static double median(List<FanoutRun> runs, ToDoubleFunction<FanoutRun> figure) {
    return Fmt.median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
  }
}
