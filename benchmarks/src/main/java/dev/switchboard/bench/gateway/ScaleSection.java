package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The idle100k / broadcast100k section of the gateway report: one node holding many idle clients
 * (time to accept them, memory per connection, heap, CPU while idle, event-loop delays during the
 * heartbeat sweeps) against the targets, then the broadcast to them, and every run.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class ScaleSection {

  /** The heap target of 100,000 idle connections: under 1 GiB. */
  static final long HEAP_TARGET_BYTES = 1L << 30;
  /**
   * What counts as the event loop not stalled: the idle window's largest timer lateness under
   * 100 ms (a sweep that stalls a loop for longer delays every client of that loop visibly).
   */
  static final double LOOP_DELAY_TARGET_MILLIS = 100;

  private ScaleSection() {
  }

  /**
   * @param out      where the markdown goes
   * @param options  the run's options
   * @param runs     every scale run
   * @param commands how the server and the load generator were started
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<ScaleRun> runs,
                     Map<String, String> commands) {
    ScaleOptions o = options.scale();
    out.append("## 6. 100,000 idle connections on one node, and a broadcast to them\n\n")
        .append(String.format(Locale.ROOT, "Ours alone (`GatewayBenchServer`, one JVM, "
                + "`GatewayVerticle` × cores, heartbeats on: `pingInterval` %d ms, "
                + "`heartbeatTimeout` 60 s). %,d WebSocket clients of "
                + "`benchmarks/gateway/scale-loadgen.js` in %d processes, bound round-robin to "
                + "%d source addresses from 127.0.0.2 (ephemeral ports per address), %d opening "
                + "handshakes in flight per process; they answer the server's pings (`ws`) and "
                + "send nothing. Time to accept: from the first attempt to the last client "
                + "open. Memory: RSS and heap after a full collection (`jcmd GC.run`) before the "
                + "clients and after the idle window; per connection = growth / clients. CPU "
                + "while idle: the server's CPU over a %s s idle window (cores busy). Event-loop "
                + "delay: one %d ms timer per event loop in the server, its lateness in an "
                + "HdrHistogram, per phase (accepting, idle with the ping sweeps, broadcast). A "
                + "fresh server per round, %d round(s).\n\n", o.pingInterval(), o.connections(),
            o.workers(), o.sources(), o.concurrency(), Args.seconds(o.idle()),
            ScaleOptions.DEFAULT_LOOP_DELAY_PERIOD, options.rounds()));
    commands.forEach((what, c) -> out.append("- ").append(what).append(": `").append(c)
        .append("`\n"));
    out.append('\n').append("Reproduce: `").append(Reproduce.command(options,
        runs.stream().anyMatch(r -> r.broadcast() != null) ? GatewayScenario.BROADCAST100K
            : GatewayScenario.IDLE100K)).append("`\n\n");
    List<ScaleRun> ok = runs.stream().filter(ScaleRun::ok).toList();
    out.append(Table.header("medians", "held (runs):", "time to accept s:",
            "RSS KiB/connection:", "heap KiB/connection:", "heap MiB:", "idle CPU cores:",
            "loop delay idle p99 ms:", "idle max ms:", "accepting p99 ms:", "accepting max ms:"))
        .append(Table.row("ours", ok.stream().filter(ScaleRun::held).count() + " of "
                + runs.size(), seconds(median(ok, ScaleRun::acceptMillis)),
            Fmt.kib(median(ok, ScaleRun::rssPerConnection)),
            Fmt.kib(median(ok, ScaleRun::heapPerConnection)),
            Fmt.mib(median(ok, r -> r.after().heapBytes())),
            Fmt.ratio(median(ok, ScaleRun::idleCores)),
            Fmt.millis(median(ok, r -> r.idleDelay().p99())),
            Fmt.millis(median(ok, r -> r.idleDelay().max())),
            Fmt.millis(median(ok, r -> r.acceptDelay().p99())),
            Fmt.millis(median(ok, r -> r.acceptDelay().max()))))
        .append('\n');
    double heap = median(ok, r -> r.after().heapBytes());
    double loop = median(ok, r -> r.idleDelay().max());
    out.append("Targets: every client held through the idle window: ")
        .append(verdict(!ok.isEmpty() && ok.stream().allMatch(ScaleRun::held)))
        .append("; heap under 1 GiB: ").append(verdict(heap < HEAP_TARGET_BYTES))
        .append("; ping sweeps not stalling the event loop (idle max under ")
        .append(Fmt.count(LOOP_DELAY_TARGET_MILLIS)).append(" ms): ")
        .append(verdict(loop < LOOP_DELAY_TARGET_MILLIS)).append(".\n\n");
    renderBroadcast(out, o, ok);
    renderRounds(out, runs);
  }

  private static void renderBroadcast(StringBuilder out, ScaleOptions o, List<ScaleRun> ok) {
    List<ScaleRun> b = ok.stream().filter(r -> r.broadcast() != null).toList();
    if (b.isEmpty()) {
      return;
    }
    out.append(String.format(Locale.ROOT, "Broadcast to them: after the idle window, one more "
            + "client (from 127.0.0.1) sends %d messages of %d bytes, one every %d ms, each "
            + "broadcast by the server to every client (`LocalGateway.sendToAll`). Every client "
            + "counts what it receives; one client in %d records the send-to-receive latency "
            + "(HdrHistogram; the others only count, so that the load generator's per-message "
            + "work stays small beside the server's). Deliveries/s: deliveries over the sending "
            + "time (messages × interval).\n\n", o.broadcastMessages(), o.broadcastPayload(),
            o.broadcastInterval(), o.sampleEvery()))
        .append(Table.header("medians", "deliveries/s:", "delivered / expected:", "p50 ms:",
            "p99 ms:", "p99.9 ms:", "max ms:", "server CPU s:", "loop delay p99 ms:",
            "loop delay max ms:"))
        .append(Table.row("ours", Fmt.count(median(b, r -> r.broadcast().deliveriesPerSecond())),
            Fmt.percent(median(b, r -> r.broadcast().deliveries()
                / (double) Math.max(1, r.broadcast().expected()))),
            Fmt.millis(median(b, r -> r.broadcast().p50())),
            Fmt.millis(median(b, r -> r.broadcast().p99())),
            Fmt.millis(median(b, r -> r.broadcast().p999())),
            Fmt.millis(median(b, r -> r.broadcast().max())),
            Fmt.ratio(median(b, ScaleRun::broadcastCpuSeconds)),
            Fmt.millis(median(b, r -> r.broadcastDelay().p99())),
            Fmt.millis(median(b, r -> r.broadcastDelay().max()))))
        .append('\n');
  }

  private static void renderRounds(StringBuilder out, List<ScaleRun> runs) {
    out.append("Every run:\n\n").append(Table.header("round", "opened:", "failed:",
        "open after idle:", "closes seen:", "time to accept s:", "RSS before MiB:",
        "RSS after MiB:", "heap before MiB:", "heap after MiB:", "idle CPU cores:",
        "broadcast delivered:", "note"));
    for (ScaleRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(r.round(), "", "", "", "", "", "", "", "", "", "", "",
            "failed: " + r.failure()));
        continue;
      }
      out.append(Table.row(r.round(), r.opened(), r.errors(), r.openAfterIdle(),
          ScaleScenario.describe(r.closes()), seconds(r.acceptMillis()),
          Fmt.mib(r.before().rssBytes()), Fmt.mib(r.after().rssBytes()),
          Fmt.mib(r.before().heapBytes()), Fmt.mib(r.after().heapBytes()),
          Fmt.ratio(r.idleCores()), r.broadcast() == null ? ""
              : r.broadcast().deliveries() + " of " + r.broadcast().expected(),
          r.held() ? "" : "not held"));
    }
    out.append('\n');
  }

  static String verdict(boolean met) {
    return met ? "**met**" : "**not met**";
  }

  /** @return milliseconds as seconds with one decimal, "–" for NaN */
  static String seconds(double millis) {
    return Double.isNaN(millis) ? Fmt.NONE : String.format(Locale.ROOT, "%.1f", millis / 1000);
  }

  private static double median(List<ScaleRun> runs, ToDoubleFunction<ScaleRun> value) {
    return Fmt.median(runs.stream().map(value::applyAsDouble).toList());
  }
}
