package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The memory-per-idle-connection section of the gateway report.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class MemorySection {

  /** Target: our memory per idle connection below this many bytes (10 KiB). */
  static final double TARGET_BYTES = 10 * 1024;

  private MemorySection() {
  }

  /**
   * @param out     where the markdown goes
   * @param options the run's options
   * @param runs    every memory run
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<MemoryRun> runs) {
    out.append("## 2. Memory per idle connection\n\n")
        .append(String.format(Locale.ROOT, "A fresh server per run; %d connections opened and "
                + "closed first (classes loaded, pools created), then a full collection and the "
                + "\"before\" figures; then %,d idle WebSocket connections opened (Socket.IO: "
                + "joined to the default namespace) and held, a full collection and the \"after\" "
                + "figures. Full collection: `jcmd PID GC.run` for the JVM, `global.gc()` for "
                + "Node (`--expose-gc`). RSS: `VmRSS` of `/proc/PID/status`. Heap: JVM heap used "
                + "(`jcmd PID GC.heap_info`, every generation), V8 `heapUsed`; Node's `external` "
                + "(Buffers, outside the V8 heap) separately. Per connection: (after − before) / "
                + "connections opened, in KiB. Medians of %d round(s).\n\n",
            options.prime(), options.idleConnections(), options.rounds()))
        .append("Reproduce: `").append(Reproduce.command(options, GatewayScenario.MEMORY))
        .append("`\n\n");
    out.append(Table.header("server", "connections:", "RSS before MiB:", "RSS after MiB:",
        "RSS KiB/connection:", "heap before MiB:", "heap after MiB:", "heap KiB/connection:",
        "Node external KiB/connection:"));
    for (ServerKind kind : options.servers()) {
      List<MemoryRun> ok = ok(runs, kind);
      if (ok.isEmpty()) {
        out.append(Table.row(kind.label(), "failed", "", "", "", "", "", "", ""));
        continue;
      }
      out.append(Table.row(kind.label(), Fmt.count(median(ok, MemoryRun::opened)),
          Fmt.mib(median(ok, r -> r.before().rssBytes())),
          Fmt.mib(median(ok, r -> r.after().rssBytes())),
          Fmt.kib(median(ok, MemoryRun::rssPerConnection)),
          Fmt.mib(median(ok, r -> r.before().heapBytes())),
          Fmt.mib(median(ok, r -> r.after().heapBytes())),
          Fmt.kib(median(ok, MemoryRun::heapPerConnection)),
          Fmt.kib(median(ok, MemoryRun::externalPerConnection))));
    }
    out.append('\n');
    List<MemoryRun> ours = ok(runs, ServerKind.OURS);
    if (!ours.isEmpty()) {
      double heap = median(ours, MemoryRun::heapPerConnection);
      double rss = median(ours, MemoryRun::rssPerConnection);
      out.append("Target (ours under ").append(Fmt.kib(TARGET_BYTES))
          .append(" KiB per connection): heap ").append(Fmt.kib(heap)).append(" KiB, **")
          .append(heap < TARGET_BYTES ? "met" : "not met").append("**; RSS ")
          .append(Fmt.kib(rss)).append(" KiB, **").append(rss < TARGET_BYTES ? "met" : "not met")
          .append("**. The JVM's RSS also counts heap pages touched while the connections "
              + "opened (garbage included) and Netty's direct buffers; the heap figure is what "
              + "the connections keep.\n\n");
    }
    renderClasses(out, ours);
    out.append("Every run:\n\n").append(Table.header("server", "round:", "opened:", "errors:",
        "RSS before MiB:", "RSS after MiB:", "RSS KiB/connection:", "heap before MiB:",
        "heap after MiB:", "heap KiB/connection:", "Node external KiB/connection:", "note"));
    for (MemoryRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(r.server().label(), r.round(), r.opened(), r.errors(), "", "", "", "",
            "", "", "", "failed: " + r.failure()));
        continue;
      }
      out.append(Table.row(r.server().label(), r.round(), r.opened(), r.errors(),
          Fmt.mib(r.before().rssBytes()), Fmt.mib(r.after().rssBytes()),
          Fmt.kib(r.rssPerConnection()), Fmt.mib(r.before().heapBytes()),
          Fmt.mib(r.after().heapBytes()), Fmt.kib(r.heapPerConnection()),
          Fmt.kib(r.externalPerConnection()), ""));
    }
    out.append('\n');
  }

  /** What ours keeps per connection, by class, in its first run that has a histogram. */
  private static void renderClasses(StringBuilder out, List<MemoryRun> ours) {
    ours.stream().filter(r -> !r.classes().isEmpty()).findFirst().ifPresent(r -> {
      out.append("Where ours keeps it (round ").append(r.round()).append(", `jcmd PID "
              + "GC.class_histogram` after − before, per connection, the largest ")
          .append(r.classes().size()).append(" classes):\n\n")
          .append(Table.header("class", "instances/connection:", "bytes/connection:"));
      for (ClassHistogram.Entry e : r.classes()) {
        out.append(Table.row("`" + e.name() + "`",
            String.format(Locale.ROOT, "%.2f", (double) e.instances() / r.opened()),
            Fmt.count((double) e.bytes() / r.opened())));
      }
      out.append('\n');
    });
  }

  private static List<MemoryRun> ok(List<MemoryRun> runs, ServerKind kind) {
    return runs.stream().filter(r -> r.server() == kind && r.ok()).toList();
  }

  private static double median(List<MemoryRun> runs, ToDoubleFunction<MemoryRun> figure) {
    return Fmt.median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
  }
}
