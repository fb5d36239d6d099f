package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The slow-consumer isolation section of the gateway report: per server, the baseline runs next
 * to the runs with stalled clients, the growth between them against the targets, and every run.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class SlowSection {

  /** Target: normal clients' p99 with stalled clients within this factor of the baseline's. */
  static final double TARGET_P99_FACTOR = 1.2;
  /** Target: memory growth within this many send buffer bounds (one per stalled client). */
  static final int TARGET_BUFFERS = 10;

  private SlowSection() {
  }

  /**
   * @param out     where the markdown goes
   * @param options the run's options
   * @param limits  the kernel's buffer settings
   * @param runs    every slow-consumer run
   */
  static void render(StringBuilder out, GatewayBenchOptions options, NetLimits limits,
                     List<SlowRun> runs) {
    double perClientPerSecond = options.slow().payload() * 1000 / options.slow().intervalMillis();
    double sendSeconds = (options.slow().warmup().toMillis() + options.slow().duration().toMillis())
        / 1000.0;
    double offered = perClientPerSecond * sendSeconds;
    double buffers = options.maxSendBuffer() + limits.kernelPerConnection();
    out.append("## 3. Slow-consumer isolation\n\n")
        .append(String.format(Locale.ROOT, "A fresh server per run. %,d normal clients; in the "
                + "stalled runs %d more clients connect, then stop reading (`ws.pause()`: the "
                + "socket is no longer read; Node cannot shrink SO_RCVBUF, so the client's "
                + "receive buffer stays at the kernel default). One %d-byte message every %s ms "
                + "(%s KiB/s to every client), %s s warm-up, %s s measured; after the window "
                + "(and the drain), with the stalled clients still connected, a full collection "
                + "and the server's memory. Baseline: the same run without stalled clients. "
                + "Stalled and baseline runs alternate which goes first. Medians of %d "
                + "round(s).\n\n",
            options.slow().clients(), options.slow().stalled(), options.slow().payload(),
            Reproduce.number(options.slow().intervalMillis()),
            Fmt.count(perClientPerSecond / 1024), Args.seconds(options.slow().warmup()),
            Args.seconds(options.slow().duration()), options.rounds()))
        .append(String.format(Locale.ROOT, "Each stalled client is offered about %s MiB in a "
                + "run (%s s of sending), against at most %s MiB it can hold: our send buffer "
                + "bound (`--max-send-buffer`, %s MiB) plus the kernel's (server send buffer up "
                + "to tcp_wmem max, %s MiB; client receive buffer, tcp_rmem default, %s MiB). "
                + "%s\n\n",
            Fmt.mib(offered), Reproduce.number(sendSeconds), Fmt.mib(buffers),
            Fmt.mib(options.maxSendBuffer()), Fmt.mib(limits.wmemMax()),
            Fmt.mib(limits.rmemDefault()), offered > buffers
                ? String.format(Locale.ROOT, "They are full after about %.0f s: the last %.0f s "
                    + "of the run press against the bound.", buffers / perClientPerSecond,
                sendSeconds - buffers / perClientPerSecond)
                : "**Not enough to fill them**: the growth figures say nothing about the bound "
                + "(a --quick run?)."))
        .append("Reproduce: `").append(Reproduce.command(options, GatewayScenario.SLOW))
        .append("`\n\n");
    out.append(Table.header("server", "stalled:", "deliveries/s:", "p50 ms:", "p99 ms:",
        "p99.9 ms:", "p99 / baseline:", "RSS after MiB:", "peak RSS MiB:", "heap after MiB:",
        "Node external MiB:", "stalled closed by server:", "lost:"));
    for (ServerKind kind : options.slow().servers()) {
      for (int stalled : List.of(0, options.slow().stalled())) {
        List<SlowRun> ok = ok(runs, kind, stalled);
        if (ok.isEmpty()) {
          out.append(Table.row(kind.label(), stalled, "failed", "", "", "", "", "", "", "", "", "",
              ""));
          continue;
        }
        double p99 = median(ok, r -> r.load().p99());
        double baseP99 = median(ok(runs, kind, 0), r -> r.load().p99());
        out.append(Table.row(kind.label(), stalled,
            Fmt.count(median(ok, r -> r.load().deliveriesPerSecond())),
            Fmt.millis(median(ok, r -> r.load().p50())), Fmt.millis(p99),
            Fmt.millis(median(ok, r -> r.load().p999())),
            stalled == 0 ? "" : Fmt.ratio(p99 / baseP99),
            Fmt.mib(median(ok, r -> r.memory().rssBytes())),
            Fmt.mib(median(ok, r -> r.memory().peakRssBytes())),
            Fmt.mib(median(ok, r -> r.memory().heapBytes())),
            kind == ServerKind.OURS ? Fmt.NONE
                : Fmt.mib(median(ok, r -> r.memory().externalBytes())),
            stalled == 0 ? "" : Fmt.count(median(ok, r -> r.load().stalledClosed())),
            Fmt.count(median(ok, r -> r.load().gaps()))));
      }
    }
    out.append('\n');
    renderGrowth(out, options, runs);
    renderRounds(out, runs);
  }

  private static void renderGrowth(StringBuilder out, GatewayBenchOptions options,
                                   List<SlowRun> runs) {
    out.append("Growth with the stalled clients over the baseline (medians; MiB):\n\n")
        .append(Table.header("server", "p99 stalled / baseline:", "RSS after:", "peak RSS:",
            "heap after:", "Node external:"));
    for (ServerKind kind : options.slow().servers()) {
      List<SlowRun> base = ok(runs, kind, 0);
      List<SlowRun> stalled = ok(runs, kind, options.slow().stalled());
      if (base.isEmpty() || stalled.isEmpty()) {
        continue;
      }
      out.append(Table.row(kind.label(), Fmt.ratio(growthRatio(base, stalled)),
          Fmt.mib(growth(base, stalled, r -> r.memory().rssBytes())),
          Fmt.mib(growth(base, stalled, r -> r.memory().peakRssBytes())),
          Fmt.mib(growth(base, stalled, r -> r.memory().heapBytes())),
          kind == ServerKind.OURS ? Fmt.NONE
              : Fmt.mib(growth(base, stalled, r -> r.memory().externalBytes()))));
    }
    out.append('\n');
    List<SlowRun> base = ok(runs, ServerKind.OURS, 0);
    List<SlowRun> stalled = ok(runs, ServerKind.OURS, options.slow().stalled());
    if (!base.isEmpty() && !stalled.isEmpty()) {
      double factor = growthRatio(base, stalled);
      double bound = (double) TARGET_BUFFERS * options.maxSendBuffer();
      double rss = growth(base, stalled, r -> r.memory().rssBytes());
      double peak = growth(base, stalled, r -> r.memory().peakRssBytes());
      double heap = growth(base, stalled, r -> r.memory().heapBytes());
      double worst = Math.max(rss, Math.max(peak, heap));
      out.append("Targets (ours): normal clients' p99 within ").append(Fmt.ratio(
              TARGET_P99_FACTOR)).append("× of the baseline: ").append(Fmt.ratio(factor))
          .append("×, **").append(factor <= TARGET_P99_FACTOR ? "met" : "not met")
          .append("**; memory growth within ").append(TARGET_BUFFERS)
          .append(" × max send buffer = ").append(Fmt.mib(bound)).append(" MiB: largest of RSS, "
              + "peak RSS and heap growth ").append(Fmt.mib(worst)).append(" MiB, **")
          .append(worst <= bound ? "met" : "not met").append("**.\n\n");
    }
  }

  private static void renderRounds(StringBuilder out, List<SlowRun> runs) {
    out.append("Every run:\n\n").append(Table.header("server", "round:", "stalled:",
        "deliveries/s:", "p50 ms:", "p99 ms:", "p99.9 ms:", "RSS after MiB:", "peak RSS MiB:",
        "heap after MiB:", "Node external MiB:", "server CPU s:", "load-gen CPU s:",
        "machine busy:", "stalled closed:", "lost:", "sent:", "note"));
    for (SlowRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(r.server().label(), r.round(), r.stalled(), "", "", "", "", "", "",
            "", "", "", "", "", "", "", "", "failed: " + r.failure()));
        continue;
      }
      LoadResult l = r.load();
      out.append(Table.row(r.server().label(), r.round(), r.stalled(),
          Fmt.count(l.deliveriesPerSecond()), Fmt.millis(l.p50()), Fmt.millis(l.p99()),
          Fmt.millis(l.p999()), Fmt.mib(r.memory().rssBytes()),
          Fmt.mib(r.memory().peakRssBytes()), Fmt.mib(r.memory().heapBytes()),
          Fmt.mibOrNone(r.memory().externalBytes()),
          String.format(Locale.ROOT, "%.1f", r.cpu().serverSeconds()),
          String.format(Locale.ROOT, "%.1f", r.cpu().loadSeconds()),
          Fmt.percent(r.cpu().machineBusy()), l.stalledClosed(),
          l.gaps(), l.sent(), l.saturated() ? "saturated" : ""));
    }
    out.append('\n');
  }

  private static double growthRatio(List<SlowRun> base, List<SlowRun> stalled) {
    return median(stalled, r -> r.load().p99()) / median(base, r -> r.load().p99());
  }

  private static double growth(List<SlowRun> base, List<SlowRun> stalled,
                               ToDoubleFunction<SlowRun> figure) {
    return median(stalled, figure) - median(base, figure);
  }

  private static List<SlowRun> ok(List<SlowRun> runs, ServerKind kind, int stalled) {
    return runs.stream().filter(r -> r.server() == kind && r.stalled() == stalled && r.ok())
        .toList();
  }

  private static double median(List<SlowRun> runs, ToDoubleFunction<SlowRun> figure) {
    return Fmt.median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
  }
}
