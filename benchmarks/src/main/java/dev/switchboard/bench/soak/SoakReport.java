package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.Csv;
import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.bench.common.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak's report (markdown) and raw samples (CSV), and the list of broken promises and failed
 * plateau checks that decides its exit status.
 *
 * <p>Not thread-safe: built by the main thread once the load has stopped.
 */
final class SoakReport {

  /** Everything the run measured. */
  record Outcome(SoakOptions options, List<String> arguments, String nodeCommand,
                 double seconds, ReportFrame frame,
                 List<RestartLog.Restart> restarts, long runStartNanos,
                 List<NodeSampler.Sample> samples, List<Plateau> plateaus,
                 GroupTally.Result groups, ChannelTally.Result channel,
                 CounterLoad.Result counter, long slowReceived, long slowGaps,
                 long slowBackwards, long firehoseSends, long connects, long connectFailures) {
  }

  private final Outcome o;
  private final List<String> failures = new ArrayList<>();

  SoakReport(Outcome outcome) {
    this.o = outcome;
    check();
  }

  private void check() {
    o.plateaus().forEach(p -> failures.addAll(p.failures()));
    GroupTally.Result g = o.groups();
    if (g.steadyLost() > 0) {
      failures.add("group sends: " + g.steadyLost() + " acknowledged send(s) missed by a member "
          + "outside every restart window, e.g. " + g.steadyLossExamples());
    }
    if (g.duplicates() > 0) {
      failures.add("group sends: " + g.duplicates() + " delivered twice to a member");
    }
    if (g.steadyDisconnects() > 0) {
      failures.add("group clients: " + g.steadyDisconnects() + " connection(s) closed outside "
          + "every restart window");
    }
    if (g.expected() == 0) {
      failures.add("group sends: nothing was expected anywhere: the load did not run");
    }
    ChannelTally.Result c = o.channel();
    if (c.steadyLost() > 0) {
      failures.add("channel: " + c.steadyLost() + " acknowledged publish(es) missed outside "
          + "every restart window, e.g. " + c.steadyLossExamples());
    }
    if (c.duplicates() > 0) {
      failures.add("channel: " + c.duplicates() + " event(s) delivered twice");
    }
    if (c.reordered() > 0) {
      failures.add("channel: " + c.reordered() + " event(s) delivered after a later one of "
          + "the same publisher");
    }
    if (c.expected() == 0) {
      failures.add("channel: nothing was expected anywhere: the load did not run");
    }
    if (!o.counter().holds()) {
      failures.add("GlobalData: final value " + o.counter().finalValue() + " outside [acknowledged "
          + o.counter().acked() + ", acknowledged + failed " + (o.counter().acked()
          + o.counter().failed()) + "]");
    }
    if (o.slowBackwards() > 0) {
      failures.add("slow consumer: " + o.slowBackwards() + " message(s) came again or out of "
          + "order");
    }
    if (o.slowGaps() == 0) {
      failures.add("slow consumer: nothing was dropped, so its gateway's send buffer bound was "
          + "never reached (the scenario did not exercise it)");
    }
  }

  /** @return the broken promises and failed checks; empty when everything held */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** @return the raw samples */
  String csv() {
    Csv csv = new Csv("seconds", "node", "incarnation", "pid", "heap_after_gc_bytes",
        "open_files", "threads", "rss_bytes");
    for (NodeSampler.Sample s : o.samples()) {
      csv.row(Csv.fixed(s.seconds()), s.node(), s.incarnation(), s.pid(), s.heapAfterGc(),
          s.openFiles(), s.threads(), s.rss());
    }
    return csv.toString();
  }

  /** @return the report */
  String markdown() {
    StringBuilder md = new StringBuilder();
    o.frame().title(md, "Soak");
    md.append("Arguments: `").append(String.join(" ", o.arguments())).append("`; the load ran ")
        .append(Math.round(o.seconds())).append(" s. ")
        .append(failures.isEmpty() ? "**Every check held.**" : "**" + failures.size()
            + " check(s) failed** (below).").append("\n\n");
    List<String> machine = new ArrayList<>(Environment.describe("node JVMs: "
        + String.join(" ", SoakCluster.HEAP_FLAGS)));
    machine.add("a node: `" + o.nodeCommand() + "`");
    machine.add("the machine may be shared with other work: a soak's figures are about growth "
        + "over time, not speed");
    o.frame().machine(md, machine);
    load(md);
    restarts(md);
    samples(md);
    plateaus(md);
    counts(md);
    md.append("## Checks\n\n");
    if (failures.isEmpty()) {
      md.append("Every check held.\n");
    } else {
      failures.forEach(f -> md.append("- FAILED: ").append(f).append('\n'));
    }
    return md.toString();
  }

  private void load(StringBuilder md) {
    SoakOptions opt = o.options();
    md.append("## Load\n\n")
        .append("- ").append(SoakCluster.NODES).append(" clustered node JVMs on 127.0.0.1, each "
            + "with a gateway (WebSocket, send buffer bound ").append(opt.maxSendBuffer())
        .append(" B, policy DROP), a channel server and GlobalData (a member of the map)\n")
        .append("- per node ").append(opt.groupClients()).append(" WebSocket clients joining a "
            + "random group of ").append(opt.groups()).append(" for 3–12 s, leaving it, pausing up "
            + "to 2 s, again; one WebSocket sender asking for a group send (64 B) every 100 ms\n")
        .append("- per node ").append(opt.channelClients()).append(" channel publisher(s) (a "
            + "publish every 20 ms) and as many subscribers, each checking every publisher's "
            + "sequence numbers\n")
        .append("- ").append(opt.counterCallers()).append(" GlobalData callers (client mode) "
            + "incrementing one key, one call outstanding each, 10 ms apart\n")
        .append("- one slow consumer on node 1 reading one message every 100 ms from a group "
            + "that a sender on node 2 fills with 8 KiB every 20 ms\n")
        .append("- a node stopped (SIGTERM) and started again every ")
        .append(opt.restartEvery().toSeconds()).append(" s, by turns; a restart's window runs "
            + "from the stop until ").append(opt.settle().toSeconds()).append(" s after the "
            + "node is ready again\n")
        .append("- every ").append(opt.sampleEvery().toSeconds()).append(" s per node: `jcmd PID "
            + "GC.run` (a forced full collection, SerialGC) then `GC.heap_info` for the heap in "
            + "use after it, `/proc/PID/fd` and `/proc/PID/status`\n\n");
  }

  private void restarts(StringBuilder md) {
    md.append("## Restarts\n\n");
    if (o.restarts().isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    md.append(Table.header("#:", "node:", "stopped at (s):", "ready again at (s):",
        "down (s):"));
    int i = 1;
    for (RestartLog.Restart r : o.restarts()) {
      md.append(Table.row(i++, r.node(), seconds(r.stoppedNanos()), seconds(r.readyNanos()),
          String.format("%.1f", (r.readyNanos() - r.stoppedNanos()) / 1e9)));
    }
    md.append('\n');
  }

  private String seconds(long nanos) {
    return String.format("%.0f", (nanos - o.runStartNanos()) / 1e9);
  }

  private void samples(StringBuilder md) {
    long every = o.options().sampleEvery().toSeconds();
    Map<Long, NodeSampler.Sample[]> rounds = new TreeMap<>();
    for (NodeSampler.Sample s : o.samples()) {
      rounds.computeIfAbsent(Math.round(s.seconds() / every) * every,
          t -> new NodeSampler.Sample[SoakCluster.NODES])[s.node() - 1] = s;
    }
    md.append("## Heap after a full collection (MiB), descriptors and threads over time\n\n")
        .append("Per node: heap in use after `jcmd GC.run` / open descriptors / threads; "
            + "`node.incarnation` after a restart.\n\n");
    List<String> header = new ArrayList<>(List.of("time (s):"));
    for (int n = 1; n <= SoakCluster.NODES; n++) {
      header.add("node " + n + ":");
    }
    md.append(Table.header(header.toArray(String[]::new)));
    for (Map.Entry<Long, NodeSampler.Sample[]> round : rounds.entrySet()) {
      List<Object> row = new ArrayList<>(List.of(round.getKey()));
      for (NodeSampler.Sample s : round.getValue()) {
        row.add(s == null ? Fmt.NONE : (s.incarnation() > 1 ? "(" + s.node() + "."
            + s.incarnation() + ") " : "") + Fmt.mib(s.heapAfterGc()) + " / " + s.openFiles()
            + " / " + s.threads());
      }
      md.append(Table.row(row.toArray()));
    }
    md.append('\n');
  }

  private void plateaus(StringBuilder md) {
    md.append("## Plateau checks\n\n").append("Per node incarnation, samples after its first ")
        .append(o.options().warmup().toSeconds()).append(" s, first third against last third: "
            + "heap medians (must not grow more than 10 % + 8 MiB), descriptor and thread maxima "
            + "(+20, +10). Fewer than 6 samples: not judged.\n\n")
        .append(Table.header("node:", "samples:", "heap first (MiB):", "heap last (MiB):",
            "fds first:", "fds last:", "threads first:", "threads last:", "verdict"));
    for (Plateau p : o.plateaus()) {
      md.append(Table.row(p.node() + "." + p.incarnation(), p.samplesJudged(),
          Fmt.mib(p.heapFirst()), Fmt.mib(p.heapLast()), none(p.fdFirst()), none(p.fdLast()),
          none(p.threadsFirst()), none(p.threadsLast()),
          !p.judged() ? "too few samples" : p.failures().isEmpty() ? "plateau" : "GROWS"));
    }
    md.append('\n');
  }

  private static String none(long value) {
    return value < 0 ? Fmt.NONE : String.valueOf(value);
  }

  private void counts(StringBuilder md) {
    GroupTally.Result g = o.groups();
    ChannelTally.Result c = o.channel();
    CounterLoad.Result k = o.counter();
    md.append("## Lost, duplicated, reordered\n\n")
        .append("Expected: a message whose life (start to acknowledgement, ±1 s) lies outside "
            + "every restart window must arrive, once (and, on a channel, in order); one that "
            + "overlaps a window may be lost by design (a stopping node's messages in flight, a "
            + "client reconnecting) and is counted apart.\n\n")
        .append(Table.header("what", "sent:", "acknowledged:", "failed:", "unanswered:",
            "expected deliveries:", "delivered:", "lost, steady state:", "lost, at a restart:",
            "duplicated:", "reordered:"))
        .append(Table.row("group sends (per member interval)", g.sends(), g.sendsOk(),
            g.sendsFailed(), g.sendsUnanswered(), g.expected(), g.delivered(), g.steadyLost(),
            g.restartLost(), g.duplicates(), g.reordered() + " (not promised)"))
        .append(Table.row("channel publishes (per subscriber)", c.publishes(), c.acked(),
            c.failed(), c.pending(), c.expected(), c.delivered(), c.steadyLost(),
            c.restartLost(), c.duplicates(), c.reordered()))
        .append('\n')
        .append("- group membership intervals: ").append(g.intervals()).append(", ended by a "
            + "disconnect: ").append(g.disconnects()).append(" (outside every restart window: ")
        .append(g.steadyDisconnects()).append(")\n")
        .append("- channel events delivered although their publish failed or was never "
            + "answered (allowed: `DISCONNECTED` may have been routed): ")
        .append(c.deliveredUnacked()).append('\n')
        .append("- GlobalData: acknowledged increments ").append(k.acked()).append(", failed ")
        .append(k.failed()).append(", final value ").append(k.finalValue())
        .append(k.holds() ? " (acknowledged ≤ final ≤ acknowledged + failed: held)"
            : " (OUTSIDE acknowledged ≤ final ≤ acknowledged + failed)")
        .append(", acknowledged increments lost: ").append(k.lost()).append('\n')
        .append("- slow consumer: firehose sends ").append(o.firehoseSends())
        .append(", read ").append(o.slowReceived()).append(", dropped by its gateway (gaps in "
            + "the sequence within one connection) ").append(o.slowGaps())
        .append(", again or out of order ").append(o.slowBackwards()).append('\n')
        .append("- WebSocket connections opened ").append(o.connects())
        .append(", attempts refused while a node was down ").append(o.connectFailures())
        .append("\n\n");
  }
}
