package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link GatewayBench}.
 *
 * @param scenarios       the scenarios to run, in this order
 * @param servers         the servers of the fan-out and memory scenarios
 * @param slowServers     the servers of the slow-consumer scenario
 * @param groupServers    the sides of the group-send scenario (ours, Socket.IO with the redis
 *                        adapter)
 * @param rounds          how many times each run is repeated (medians are quoted)
 * @param quick           whether --quick was given (noted in the report)
 * @param connections     fan-out: receiving connections
 * @param payload         fan-out: message size in bytes
 * @param intervalMillis  fan-out: one message every this many milliseconds
 * @param warmup          fan-out: sending before the measured window
 * @param duration        fan-out: measured window
 * @param drain           after a window, how long the load generator waits for messages in flight
 * @param idleConnections memory: idle connections opened
 * @param prime           memory: connections opened and closed before the "before" sample
 * @param slowClients     slow consumers: normal receiving connections
 * @param stalled         slow consumers: stalled connections in the stalled runs
 * @param slowPayload     slow consumers: message size in bytes
 * @param slowInterval    slow consumers: one message every this many milliseconds
 * @param slowWarmup      slow consumers: sending before the measured window
 * @param slowDuration    slow consumers: measured window
 * @param maxSendBuffer   our server's per-connection send buffer bound, bytes
 * @param loadgenWorkers  worker processes holding the load generator's receiving connections
 * @param concurrency     opening handshakes the load generator keeps in flight
 * @param node            the node executable
 * @param nodeDir         the directory of the Node scripts and their node_modules
 * @param redisServer     the redis-server executable (group send, Socket.IO side)
 * @param resultsDir      where the report and raw results go
 * @param help            whether only the usage was asked for
 */
record GatewayBenchOptions(List<GatewayScenario> scenarios, List<ServerKind> servers,
                           List<ServerKind> slowServers, List<ServerKind> groupServers,
                           int rounds, boolean quick,
                           int connections, int payload, double intervalMillis, Duration warmup,
                           Duration duration, Duration drain, int idleConnections, int prime,
                           int slowClients, int stalled, int slowPayload, double slowInterval,
                           Duration slowWarmup, Duration slowDuration, int maxSendBuffer,
                           int loadgenWorkers, int concurrency, String node, Path nodeDir,
                           String redisServer, Path resultsDir, boolean help) {

  /** The sides the group-send scenario can measure. */
  static final List<ServerKind> GROUP_SERVERS = List.of(ServerKind.OURS, ServerKind.SOCKET_IO);

  /**
   * @return the usage text
   */
  static String usage() {
    return String.join("\n",
        "usage: GatewayBench [options]",
        "  --scenarios LIST         fanout,memory,slow,groupsend (default fanout,memory,slow;",
        "                           groupsend, the cross-node group send, is opt-in)",
        "  --servers LIST           servers of fanout and memory: ours,socketio,ws (default all)",
        "  --slow-servers LIST      servers of the slow-consumer scenario (default all)",
        "  --group-servers LIST     sides of groupsend: ours,socketio (default both; socketio:",
        "                           Socket.IO with @socket.io/redis-adapter and redis-server)",
        "  --rounds N               rounds of every run, medians quoted (default 3)",
        "  --quick                  1 round, short and small runs: a check, not figures",
        "                           (fan-out 500 connections every 20 ms, memory 2000,",
        "                           slow 200 clients; options after it still apply)",
        "  --connections N          fan-out and group send: receiving connections (default 5000)",
        "  --payload B              fan-out and group send: message size, bytes (default 128)",
        "  --interval MS            fan-out and group send: a message every MS ms (default 10)",
        "  --warmup S               fan-out and group send: warm-up, seconds (default 5)",
        "  --duration S             fan-out and group send: measured window, s (default 20)",
        "  --drain S                wait for messages in flight after a window, s (default 5)",
        "  --idle-connections N     memory: idle connections (default 10000)",
        "  --prime N                memory: connections opened and closed first (default 100)",
        "  --slow-clients N         slow consumers: normal connections (default 1000)",
        "  --stalled N              slow consumers: stalled connections (default 10)",
        "  --slow-payload B         slow consumers: message size, bytes (default 16384)",
        "  --slow-interval MS       slow consumers: one message every MS ms (default 50)",
        "  --slow-warmup S          slow consumers: warm-up, seconds (default 5)",
        "  --slow-duration S        slow consumers: measured window, seconds (default 25)",
        "  --max-send-buffer BYTES  our server's send buffer per connection (default 1048576)",
        "  --loadgen-workers K      load generator: processes holding the receiving connections,",
        "                           0 = all in the sender's process (default 1)",
        "  --concurrency C          load generator: handshakes in flight (default 200)",
        "  --node PATH              node executable (default node)",
        "  --node-dir DIR           the Node scripts and node_modules (default benchmarks/gateway)",
        "  --redis-server PATH      redis-server executable, group send (default redis-server)",
        "  --results DIR            where results go (default benchmarks/results)",
        "  --help");
  }

  /**
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a value out of range
   */
  static GatewayBenchOptions parse(String[] args) {
    List<GatewayScenario> scenarios = GatewayScenario.DEFAULTS;
    List<ServerKind> servers = List.of(ServerKind.values());
    List<ServerKind> slowServers = List.of(ServerKind.values());
    List<ServerKind> groupServers = GROUP_SERVERS;
    int rounds = 3;
    boolean quick = false;
    int connections = 5_000;
    int payload = 128;
    double interval = 10;
    Duration warmup = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(20);
    Duration drain = Duration.ofSeconds(5);
    int idleConnections = 10_000;
    int prime = 100;
    int slowClients = 1_000;
    int stalled = 10;
    int slowPayload = 16_384;
    double slowInterval = 50;
    Duration slowWarmup = Duration.ofSeconds(5);
    Duration slowDuration = Duration.ofSeconds(25);
    int maxSendBuffer = GatewayBenchServer.DEFAULT_MAX_SEND_BUFFER;
    int workers = 1;
    int concurrency = 200;
    String node = "node";
    Path nodeDir = Path.of("benchmarks", "gateway");
    String redisServer = "redis-server";
    Path resultsDir = Path.of("benchmarks", "results");
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--scenarios" -> scenarios = Args.list(value(args, ++i, arg),
            GatewayScenario::of);
        case "--servers" -> servers = Args.list(value(args, ++i, arg), ServerKind::of);
        case "--slow-servers" -> slowServers = Args.list(value(args, ++i, arg),
            ServerKind::of);
        case "--group-servers" -> groupServers = Args.list(value(args, ++i, arg),
            GatewayBenchOptions::groupServer);
        case "--rounds" -> rounds = Args.integer(arg, value(args, ++i, arg), 1, 20);
        case "--quick" -> {
          quick = true;
          rounds = 1;
          connections = 500;
          interval = 20;
          warmup = Duration.ofSeconds(1);
          duration = Duration.ofSeconds(3);
          drain = Duration.ofSeconds(2);
          idleConnections = 2_000;
          slowClients = 200;
          slowWarmup = Duration.ofSeconds(1);
          slowDuration = Duration.ofSeconds(4);
        }
        case "--connections" -> connections = Args.integer(arg, value(args, ++i, arg),
            1, 50_000);
        case "--payload" -> payload = Args.integer(arg, value(args, ++i, arg), 64,
            1 << 20);
        case "--interval" -> interval = millis(arg, value(args, ++i, arg));
        case "--warmup" -> warmup = Args.seconds(arg, value(args, ++i, arg), 0);
        case "--duration" -> duration = Args.seconds(arg, value(args, ++i, arg), 0.5);
        case "--drain" -> drain = Args.seconds(arg, value(args, ++i, arg), 0);
        case "--idle-connections" -> idleConnections = Args.integer(arg,
            value(args, ++i, arg), 1, 50_000);
        case "--prime" -> prime = Args.integer(arg, value(args, ++i, arg), 0, 10_000);
        case "--slow-clients" -> slowClients = Args.integer(arg, value(args, ++i, arg),
            1, 50_000);
        case "--stalled" -> stalled = Args.integer(arg, value(args, ++i, arg), 1, 1_000);
        case "--slow-payload" -> slowPayload = Args.integer(arg, value(args, ++i, arg),
            64, 1 << 20);
        case "--slow-interval" -> slowInterval = millis(arg, value(args, ++i, arg));
        case "--slow-warmup" -> slowWarmup = Args.seconds(arg, value(args, ++i, arg), 0);
        case "--slow-duration" -> slowDuration = Args.seconds(arg, value(args, ++i, arg),
            0.5);
        case "--max-send-buffer" -> maxSendBuffer = Args.integer(arg,
            value(args, ++i, arg), 1_024, 1 << 30);
        case "--loadgen-workers" -> workers = Args.integer(arg, value(args, ++i, arg), 0,
            16);
        case "--concurrency" -> concurrency = Args.integer(arg, value(args, ++i, arg), 1,
            2_000);
        case "--node" -> node = value(args, ++i, arg);
        case "--node-dir" -> nodeDir = Path.of(value(args, ++i, arg));
        case "--redis-server" -> redisServer = value(args, ++i, arg);
        case "--results" -> resultsDir = Path.of(value(args, ++i, arg));
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new GatewayBenchOptions(scenarios, servers, slowServers, groupServers, rounds, quick,
        connections, payload, interval, warmup, duration, drain, idleConnections, prime,
        slowClients, stalled, slowPayload, slowInterval, slowWarmup, slowDuration, maxSendBuffer,
        workers, concurrency, node, nodeDir, redisServer, resultsDir, help);
  }

  private static ServerKind groupServer(String key) {
    ServerKind kind = ServerKind.of(key);
    if (!GROUP_SERVERS.contains(kind)) {
      throw new IllegalArgumentException("--group-servers: " + key + " has no group send (known: "
          + keys(GROUP_SERVERS) + ")");
    }
    return kind;
  }

  private static String value(String[] args, int index, String option) {
    return Args.value(args, index, option);
  }

  private static double millis(String option, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + text, e);
    }
    if (value < 0.1 || value > 60_000) {
      throw new IllegalArgumentException(option + " must be between 0.1 and 60000 ms");
    }
    return value;
  }

  /**
   * @return the options as a summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "scenarios %s, %d round(s)%s, load generator workers %d",
        scenarios.stream().map(GatewayScenario::key).toList(), rounds, quick ? " (--quick)" : "",
        loadgenWorkers);
  }

  /**
   * @param scenario a scenario
   * @return the benchmark command line that runs this scenario alone with this run's settings
   */
  String reproduce(GatewayScenario scenario) {
    List<String> a = new ArrayList<>(List.of("benchmarks/gateway.sh", "--scenarios",
        scenario.key()));
    switch (scenario) {
      case FANOUT -> a.addAll(List.of("--servers", keys(servers), "--rounds", "" + rounds,
          "--connections", "" + connections, "--payload", "" + payload, "--interval",
          number(intervalMillis), "--warmup", Args.seconds(warmup), "--duration",
          Args.seconds(duration), "--drain", Args.seconds(drain)));
      case MEMORY -> a.addAll(List.of("--servers", keys(servers), "--rounds", "" + rounds,
          "--idle-connections", "" + idleConnections, "--prime", "" + prime));
      case GROUPSEND -> a.addAll(List.of("--group-servers", keys(groupServers), "--rounds",
          "" + rounds, "--connections", "" + connections, "--payload", "" + payload,
          "--interval", number(intervalMillis), "--warmup", Args.seconds(warmup),
          "--duration", Args.seconds(duration), "--drain", Args.seconds(drain),
          "--max-send-buffer", "" + maxSendBuffer));
      case SLOW -> a.addAll(List.of("--slow-servers", keys(slowServers), "--rounds", "" + rounds,
          "--slow-clients", "" + slowClients, "--stalled", "" + stalled, "--slow-payload",
          "" + slowPayload, "--slow-interval", number(slowInterval), "--slow-warmup",
          Args.seconds(slowWarmup), "--slow-duration", Args.seconds(slowDuration),
          "--drain", Args.seconds(drain), "--max-send-buffer", "" + maxSendBuffer));
      default -> throw new IllegalStateException("unknown scenario " + scenario);
    }
    a.addAll(List.of("--loadgen-workers", "" + loadgenWorkers, "--concurrency", "" + concurrency));
    return String.join(" ", a);
  }

  private static String keys(List<ServerKind> kinds) {
    return String.join(",", kinds.stream().map(ServerKind::key).toList());
  }

  /**
   * @param value a number
   * @return it without a fraction when it has none
   */
  static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
