package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Csv;
import dev.switchboard.bench.common.Environment;
import dev.switchboard.bench.common.ReportFrame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one gateway benchmark run measured, rendered as markdown (set-up, then one section
 * per scenario: medians, ratios, targets, every run) and as CSV (one line per run).
 *
 * <p>Not thread-safe: filled and rendered by the main thread.
 */
final class GatewayReport {

  /** CSV columns from "opened" to "machine_busy". */
  private static final int LOAD_COLUMNS = 17;

  private final GatewayBenchOptions options;
  private final String commandLine;
  private final ReportFrame frame = new ReportFrame();
  private final NetLimits limits = NetLimits.read();
  private final Map<ServerKind, String> servers = new LinkedHashMap<>();
  private final Map<String, String> loadCommands = new LinkedHashMap<>();
  private final List<FanoutRun> fanout = new ArrayList<>();
  private final List<MemoryRun> memory = new ArrayList<>();
  private final List<SlowRun> slow = new ArrayList<>();
  private final List<FanoutRun> groupSend = new ArrayList<>();
  private final Map<ServerKind, List<String>> groupCommands = new LinkedHashMap<>();
  private final List<ConnectRun> connect = new ArrayList<>();
  private final Map<ConnectServer, List<String>> connectCommands = new LinkedHashMap<>();
  private final List<ScaleRun> scale = new ArrayList<>();
  private final Map<String, String> scaleCommands = new LinkedHashMap<>();
  private final List<StormRun> storm = new ArrayList<>();
  private final List<String> stormCommands = new ArrayList<>();
  private String redisVersion;
  private NodeRuntime node;

  /**
   * @param options     the run's options
   * @param commandLine the benchmark's arguments, to reproduce the whole run
   */
  GatewayReport(GatewayBenchOptions options, String commandLine) {
    this.options = options;
    this.commandLine = commandLine;
  }

  /**
   * @return when the run started, as used in file names
   */
  String stamp() {
    return frame.stamp();
  }

  /** @param runtime the Node runtime and package versions */
  void node(NodeRuntime runtime) {
    node = runtime;
  }

  /** @param server a server started in this run, for the set-up section */
  void server(GatewayServer server) {
    servers.putIfAbsent(server.kind(), server.command());
  }

  /**
   * @param scenario a scenario
   * @param kind     the server the load generator ran against
   * @param command  its command line
   */
  void loadCommand(GatewayScenario scenario, ServerKind kind, String command) {
    loadCommands.putIfAbsent(scenario.key() + ", " + kind.label(), command);
  }

  /** @param run one fan-out run */
  void fanout(FanoutRun run) {
    fanout.add(run);
  }

  /** @param run one memory run */
  void memory(MemoryRun run) {
    memory.add(run);
  }

  /** @param run one slow-consumer run */
  void slow(SlowRun run) {
    slow.add(run);
  }

  /** @param run one group-send run */
  void groupSend(FanoutRun run) {
    groupSend.add(run);
  }

  /** @param servers a group-send side started in this run, for its section's set-up */
  void groupServers(GroupSendServers servers) {
    groupCommands.putIfAbsent(servers.kind(), servers.commands());
    if (servers.redisVersion() != null) {
      redisVersion = servers.redisVersion();
    }
  }

  /** @param run one connect run */
  void connect(ConnectRun run) {
    connect.add(run);
  }

  /**
   * @param server a connect server started in this run
   * @param command how it was started
   * @param load    how its load generator was started
   */
  void connectCommands(ConnectServer server, String command, String load) {
    connectCommands.putIfAbsent(server, List.of(command, load));
  }

  /** @param run one idle100k / broadcast100k run */
  void scale(ScaleRun run) {
    scale.add(run);
  }

  /**
   * @param what    "server", "load generator"
   * @param command how it was started in the scale scenarios
   */
  void scaleCommand(String what, String command) {
    scaleCommands.putIfAbsent(what, command);
  }

  /** @param run one storm run */
  void storm(StormRun run) {
    storm.add(run);
  }

  /** @param commands how the storm's nodes and load generator were started */
  void stormCommands(List<String> commands) {
    if (stormCommands.isEmpty()) {
      stormCommands.addAll(commands);
    }
  }

  /** @param note a step that failed, listed under "Problems" */
  void note(String note) {
    frame.note(note);
  }

  /**
   * @return true when a run failed or a step failed
   */
  boolean hasProblems() {
    return frame.hasNotes() || fanout.stream().anyMatch(r -> !r.ok())
        || memory.stream().anyMatch(r -> !r.ok()) || slow.stream().anyMatch(r -> !r.ok())
        || groupSend.stream().anyMatch(r -> !r.ok())
        || connect.stream().anyMatch(r -> !r.clean()) || scale.stream().anyMatch(r -> !r.ok())
        || storm.stream().anyMatch(r -> !r.ok());
  }

  /**
   * @return the whole report as markdown
   */
  String render() {
    StringBuilder out = new StringBuilder();
    frame.title(out, "Gateway broadcast benchmark");
    if (options.quick()) {
      out.append("**A --quick run: short, small runs that check the harness; its figures and "
          + "verdicts are not measurements.**\n\n");
    }
    out.append("Run: ").append(options.describe()).append(". Whole run: `benchmarks/gateway.sh")
        .append(commandLine.isBlank() ? "" : " " + commandLine).append("`.\n\n");
    List<String> machine = new ArrayList<>(Environment.describe("our server JVM: "
        + String.join(" ", GatewayServer.OUR_HEAP_FLAGS) + " and the benchmark's JVM flags"));
    if (node != null) {
      machine.add(node.describe());
    }
    if (redisVersion != null) {
      machine.add(redisVersion);
    }
    machine.add(limits.describe());
    frame.machine(out, machine);
    renderSetUp(out);
    if (!fanout.isEmpty()) {
      FanoutSection.render(out, options, fanout);
    }
    if (!memory.isEmpty()) {
      MemorySection.render(out, options, memory);
    }
    if (!slow.isEmpty()) {
      SlowSection.render(out, options, limits, slow);
    }
    if (!groupSend.isEmpty()) {
      List<String> commands = new ArrayList<>();
      groupCommands.values().forEach(commands::addAll);
      GroupSendSection.render(out, options, groupSend, commands);
    }
    if (!connect.isEmpty()) {
      ConnectSection.render(out, options, connect, connectCommands);
    }
    if (!scale.isEmpty()) {
      ScaleSection.render(out, options, scale, scaleCommands);
    }
    if (!storm.isEmpty()) {
      StormSection.render(out, options, storm, stormCommands);
    }
    frame.problems(out);
    return out.toString();
  }

  private void renderSetUp(StringBuilder out) {
    out.append("## Set-up\n\n")
        .append("Everything on 127.0.0.1 on this machine, one server at a time under load, "
            + "every server a child process started with its port 0 (a free port):\n\n");
    servers.forEach((kind, command) -> out.append("- ").append(kind.label()).append(": `")
        .append(command).append("`").append(describe(kind)).append('\n'));
    if (servers.isEmpty() && loadCommands.isEmpty()) {
      out.append("- for the connections accepted per second and the scale scenarios: see their "
          + "sections\n\n");
      return;
    }
    out.append("- load generator: `benchmarks/gateway/loadgen.js`, the `ws` client for every "
            + "server (Socket.IO spoken as Engine.IO v4 / Socket.IO v5 packets on the same "
            + "client, pings answered), no compression, no UTF-8 validation; ")
        .append(options.loadgenWorkers() == 0 ? "receiving connections and the sender in one "
            + "Node process" : "receiving connections in " + options.loadgenWorkers()
            + " worker process(es), the sender alone in the main one")
        .append("; times from `performance.timeOrigin + performance.now()`\n");
    loadCommands.forEach((what, command) -> out.append("  - ").append(what).append(": `")
        .append(command).append("`\n"));
    out.append('\n');
  }

  private static String describe(ServerKind kind) {
    return switch (kind) {
      case OURS -> " — `GatewayBenchServer`: WebSocket at `/`, every text message broadcast to "
          + "every connection";
      case SOCKET_IO -> " — one Node process, `socket.on('b', m => io.emit('m', m))`, defaults "
          + "otherwise (in-memory adapter), no compression";
      case WS -> " — one Node process, `wss.clients.forEach(c => c.send(data))`, no compression, "
          + "no back-pressure";
    };
  }

  /**
   * @return the raw results, one CSV line per run
   */
  String csv() {
    Csv csv = new Csv("scenario", "server", "round", "stalled", "opened", "connect_errors",
        "deliveries_per_s", "offered_per_s", "window_sent", "expected", "delivered", "p50_ms",
        "p99_ms", "p999_ms", "max_ms", "lost", "reordered", "stalled_closed", "server_cpu_s",
        "load_cpu_s", "machine_busy", "rss_before", "rss_after", "peak_rss", "heap_before",
        "heap_after", "external_before", "external_after", "failure", "rejected");
    for (FanoutRun r : fanout) {
      csv.row(csvLine("fanout", r.server(), r.round(), 0, r.load(), r.cpu(), null, null,
          r.failure()));
    }
    for (MemoryRun r : memory) {
      List<String> f = new ArrayList<>(List.of("memory", r.server().key(),
          String.valueOf(r.round()), "0", String.valueOf(r.opened()), String.valueOf(r.errors())));
      f.addAll(Collections.nCopies(LOAD_COLUMNS - 2, ""));
      f.addAll(memoryFields(r.before(), r.after()));
      f.add(Csv.quoted(r.failure()));
      f.add("");
      csv.row(f);
    }
    for (SlowRun r : slow) {
      csv.row(csvLine("slow", r.server(), r.round(), r.stalled(), r.load(), r.cpu(), null,
          r.memory(), r.failure()));
    }
    for (FanoutRun r : groupSend) {
      csv.row(csvLine("groupsend", r.server(), r.round(), 0, r.load(), r.cpu(), null, null,
          r.failure()));
    }
    connect.forEach(r -> csv.row(connectLine(r)));
    return csv.toString();
  }

  private static List<String> csvLine(String scenario, ServerKind server, int round, int stalled,
                                      LoadResult l, WindowCpu cpu, ServerMemory before,
                                      ServerMemory after, String failure) {
    List<String> f = new ArrayList<>(List.of(scenario, server.key(), String.valueOf(round),
        String.valueOf(stalled)));
    if (l == null) {
      f.addAll(Collections.nCopies(LOAD_COLUMNS, ""));
    } else {
      f.addAll(List.of(String.valueOf(l.opened()), String.valueOf(l.connectErrors()),
          Csv.fixed(l.deliveriesPerSecond()), Csv.fixed(l.expectedPerSecond()),
          String.valueOf(l.windowSent()), String.valueOf(l.expected()),
          String.valueOf(l.delivered()), Csv.fixed(l.p50()), Csv.fixed(l.p99()),
          Csv.fixed(l.p999()), Csv.fixed(l.max()), String.valueOf(l.gaps()),
          String.valueOf(l.reordered()), String.valueOf(l.stalledClosed()),
          Csv.fixed(cpu.serverSeconds()), Csv.fixed(cpu.loadSeconds()),
          Csv.fixed(cpu.machineBusy())));
    }
    f.addAll(memoryFields(before, after));
    f.add(Csv.quoted(failure));
    f.add("");
    return f;
  }

  /**
   * A connect run in the columns of the others: opened = clients accepted in the window,
   * connect_errors = failed cycles, deliveries_per_s = connections accepted per second, the
   * handshake latencies, the window's CPU, then rejected clients in the last column.
   */
  private static List<String> connectLine(ConnectRun r) {
    List<String> f = new ArrayList<>(List.of("connect", r.server().key(),
        String.valueOf(r.round()), "0"));
    ConnectResult l = r.load();
    if (l == null) {
      f.addAll(Collections.nCopies(LOAD_COLUMNS, ""));
    } else {
      f.addAll(List.of(String.valueOf(l.windowAccepted()), String.valueOf(l.errors()),
          Csv.fixed(l.acceptedPerSecond()), "", "", "", "", Csv.fixed(l.p50()),
          Csv.fixed(l.p99()), Csv.fixed(l.p999()), Csv.fixed(l.max()), "", "", "",
          Csv.fixed(r.cpu().serverSeconds()), Csv.fixed(r.cpu().loadSeconds()),
          Csv.fixed(r.cpu().machineBusy())));
    }
    f.addAll(memoryFields(null, null));
    f.add(Csv.quoted(r.failure() != null ? r.failure() : l.problem()));
    f.add(l == null ? "" : String.valueOf(l.rejected()));
    return f;
  }

  private static List<String> memoryFields(ServerMemory before, ServerMemory after) {
    return List.of(
        before == null ? "" : String.valueOf(before.rssBytes()),
        after == null ? "" : String.valueOf(after.rssBytes()),
        after == null ? "" : String.valueOf(after.peakRssBytes()),
        before == null ? "" : String.valueOf(before.heapBytes()),
        after == null ? "" : String.valueOf(after.heapBytes()),
        before == null ? "" : String.valueOf(before.externalBytes()),
        after == null ? "" : String.valueOf(after.externalBytes()));
  }
}
