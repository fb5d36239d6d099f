package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;

/**
 * The storm section of the gateway report: how fast a killed node's clients are back on another
 * node, what that costs the other node, whether it refused anyone and whether it stayed
 * responsive; every run.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class StormSection {

  private StormSection() {
  }

  /**
   * @param out      where the markdown goes
   * @param options  the run's options
   * @param runs     every storm run
   * @param commands how the nodes and the load generator were started
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<StormRun> runs,
                     List<String> commands) {
    ScaleOptions o = options.scale();
    out.append("## 7. Reconnect storm\n\n")
        .append(String.format(Locale.ROOT, "%,d clients of `scale-loadgen.js` (%d processes, "
                + "%d source addresses) open on node A, a `GatewayBenchServer` JVM; A killed "
                + "(SIGKILL: no close frames, the clients see 1006); every client reconnects to "
                + "node B, a second `GatewayBenchServer` JVM (`maxConnections` %,d per verticle "
                + "instance; warmed first: %,d connections opened and closed, so that its "
                + "handshake path is compiled as on a node that has been serving), with the "
                + "browser client's policy: exponential backoff with full jitter, uniform in "
                + "[0, min(10 s, 500 ms × 2^(attempt−1))). A and B are not "
                + "clustered: the storm loads B's accept path, which a cluster does not change, "
                + "and leaves out Hazelcast's handling of A's departure (tested elsewhere). "
                + "Times from the first close a client saw until a share of the clients were "
                + "open on B (bounded by %s s). While they come back, B's CPU is sampled and its "
                + "`GET /status` polled every %d ms (an answer must come within %d ms; one "
                + "request before the kill, not counted, warms its code path); B's event-loop "
                + "delays over the storm; B's peak RSS and heap after a full "
                + "collection at the end. Refused: failed reconnection attempts by kind (HTTP "
                + "status, close code and reason, socket error). %d round(s), fresh nodes each."
                + "\n\n", o.stormConnections(), o.workers(), o.sources(),
            o.stormMaxConnections(), o.stormWarmup(), Args.seconds(o.stormTimeout()),
            NodeWatch.PERIOD_MILLIS,
            NodeWatch.STATUS_BOUND_MILLIS, options.rounds()));
    commands.forEach(c -> out.append("- ").append(c).append('\n'));
    out.append('\n').append("Reproduce: `").append(Reproduce.command(options,
        GatewayScenario.STORM)).append("`\n\n");
    out.append(Table.header("round", "clients:", "back:", "50 % back s:", "90 % s:", "99 % s:",
        "all s:", "refused:", "B peak cores:", "B peak RSS MiB:", "B heap after MiB:",
        "B loop delay p99 ms:", "B loop max ms:", "status polls (failed):",
        "status max ms:", "B up:", "note"));
    for (StormRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(r.round(), "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            "", "failed: " + r.failure()));
        continue;
      }
      StormResult s = r.result();
      out.append(Table.row(r.round(), s.clients(), s.back(), ScaleSection.seconds(s.p50()),
          ScaleSection.seconds(s.p90()), ScaleSection.seconds(s.p99()),
          ScaleSection.seconds(s.all()),
          s.refused() == 0 ? "0" : s.refused() + " " + ScaleScenario.describe(s.refusals()),
          Fmt.ratio(r.peakCores()), Fmt.mibOrNone(r.peakRssBytes()),
          Fmt.mibOrNone(r.heapAfterBytes()), Fmt.millis(r.loopDelay().p99()),
          Fmt.millis(r.loopDelay().max()), r.statusPolls() + " (" + r.statusFailures() + ")",
          Fmt.millis(r.statusMaxMillis()), r.bAlive() ? "yes" : "**no**",
          r.responsive() ? "" : "B not responsive throughout"));
    }
    out.append("\nTarget: B never falls over (up, every status poll answered) and sheds, when "
        + "over its limits, with a clear close reason: ")
        .append(ScaleSection.verdict(!runs.isEmpty() && runs.stream()
            .allMatch(StormRun::responsive)))
        .append(" for B staying up and answering; the refusals' kinds above say how it shed.\n\n");
  }
}
