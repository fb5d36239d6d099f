package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Keyed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link GatewayBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "GatewayBench", synopsisHeading = "usage: ",
    customSynopsis = "GatewayBench [options]")
final class GatewayBenchOptions {

  /** The sides the group-send scenario can measure. */
  static final List<ServerKind> GROUP_SERVERS = List.of(ServerKind.OURS, ServerKind.SOCKET_IO);

  private List<GatewayScenario> scenarios = GatewayScenario.DEFAULTS;
  private List<ServerKind> servers = List.of(ServerKind.values());
  private List<ServerKind> groupServers = GROUP_SERVERS;
  private int rounds = 3;
  private boolean quick;
  private int connections = 5_000;
  private int payload = 128;
  private double intervalMillis = 10;
  private Duration warmup = Duration.ofSeconds(5);
  private Duration duration = Duration.ofSeconds(20);
  private Duration drain = Duration.ofSeconds(5);
  private int idleConnections = 10_000;
  private int prime = 100;
  private int maxSendBuffer = GatewayBenchServer.DEFAULT_MAX_SEND_BUFFER;
  private int loadgenWorkers = 1;
  private int concurrency = 200;
  private String node = "node";
  private Path nodeDir = Path.of("benchmarks", "gateway");
  private String redisServer = "redis-server";
  private Path resultsDir = Path.of("benchmarks", "results");

  @Mixin
  private final SlowOptions slow = new SlowOptions();

  @Mixin
  private final ConnectOptions connect = new ConnectOptions();

  @Mixin
  private final ScaleOptions scale = new ScaleOptions();

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--scenarios", paramLabel = "LIST",
      description = "fanout,memory,slow,groupsend,connect,idle100k,broadcast100k,storm (default "
          + "fanout,memory,slow; groupsend, the cross-node group send, connect, connections "
          + "accepted per second with and without a JWT check, and the scale scenarios are "
          + "opt-in)")
  private void scenarios(String s) {
    scenarios = Args.list(s, GatewayScenario::of);
  }

  @Option(names = "--servers", paramLabel = "LIST",
      description = "servers of fanout and memory: ours,socketio,ws (default all)")
  private void servers(String s) {
    servers = Args.list(s, ServerKind::of);
  }

  @Option(names = "--group-servers", paramLabel = "LIST",
      description = "sides of groupsend: ours,socketio (default both; socketio: Socket.IO with "
          + "@socket.io/redis-adapter and redis-server)")
  private void groupServers(String s) {
    groupServers = Args.list(s, GatewayBenchOptions::groupServer);
  }

  @Option(names = "--rounds", paramLabel = "N",
      description = "rounds of every run, medians quoted (default 3)")
  private void rounds(String s) {
    rounds = Args.integer("--rounds", s, 1, 20);
  }

  @Option(names = "--quick",
      description = "1 round, short and small runs: a check, not figures (fan-out 500 connections "
          + "every 20 ms, memory 2000, slow 200 clients, connect 1 s + 3 s, scale 5000 "
          + "connections, storm 2000; options after it still apply)")
  private void quick(boolean flag) {
    quick = true;
    rounds = 1;
    connections = 500;
    intervalMillis = 20;
    warmup = Duration.ofSeconds(1);
    duration = Duration.ofSeconds(3);
    drain = Duration.ofSeconds(2);
    idleConnections = 2_000;
    slow.quick();
    connect.quick();
    scale.quick();
  }

  @Option(names = "--connections", paramLabel = "N",
      description = "fan-out and group send: receiving connections (default 5000)")
  private void connections(String s) {
    connections = Args.integer("--connections", s, 1, 50_000);
  }

  @Option(names = "--payload", paramLabel = "B",
      description = "fan-out and group send: message size, bytes (default 128)")
  private void payload(String s) {
    payload = Args.integer("--payload", s, 64, 1 << 20);
  }

  @Option(names = "--interval", paramLabel = "MS",
      description = "fan-out and group send: a message every MS ms (default 10)")
  private void interval(String s) {
    intervalMillis = Args.millis("--interval", s);
  }

  @Option(names = "--warmup", paramLabel = "S",
      description = "fan-out and group send: warm-up, seconds (default 5)")
  private void warmup(String s) {
    warmup = Args.seconds("--warmup", s, 0);
  }

  @Option(names = "--duration", paramLabel = "S",
      description = "fan-out and group send: measured window, s (default 20)")
  private void duration(String s) {
    duration = Args.seconds("--duration", s, 0.5);
  }

  @Option(names = "--drain", paramLabel = "S",
      description = "wait for messages in flight after a window, s (default 5)")
  private void drain(String s) {
    drain = Args.seconds("--drain", s, 0);
  }

  @Option(names = "--idle-connections", paramLabel = "N",
      description = "memory: idle connections (default 10000)")
  private void idleConnections(String s) {
    idleConnections = Args.integer("--idle-connections", s, 1, 50_000);
  }

  @Option(names = "--prime", paramLabel = "N",
      description = "memory: connections opened and closed first (default 100)")
  private void prime(String s) {
    prime = Args.integer("--prime", s, 0, 10_000);
  }

  @Option(names = "--max-send-buffer", paramLabel = "BYTES",
      description = "our server's send buffer per connection (default 1048576)")
  private void maxSendBuffer(String s) {
    maxSendBuffer = Args.integer("--max-send-buffer", s, 1_024, 1 << 30);
  }

  @Option(names = "--loadgen-workers", paramLabel = "K",
      description = "load generator: processes holding the receiving connections, 0 = all in the "
          + "sender's process (default 1)")
  private void loadgenWorkers(String s) {
    loadgenWorkers = Args.integer("--loadgen-workers", s, 0, 16);
  }

  @Option(names = "--concurrency", paramLabel = "C",
      description = "load generator: handshakes in flight (default 200)")
  private void concurrency(String s) {
    concurrency = Args.integer("--concurrency", s, 1, 2_000);
  }

  @Option(names = "--node", paramLabel = "PATH",
      description = "node executable (default node)")
  private void nodeOption(String s) {
    node = s;
  }

  @Option(names = "--node-dir", paramLabel = "DIR",
      description = "the Node scripts and node_modules (default benchmarks/gateway)")
  private void nodeDir(String s) {
    nodeDir = Path.of(s);
  }

  @Option(names = "--redis-server", paramLabel = "PATH",
      description = "redis-server executable, group send (default redis-server)")
  private void redisServer(String s) {
    redisServer = s;
  }

  @Option(names = "--results", paramLabel = "DIR",
      description = "where results go (default benchmarks/results)")
  private void resultsOption(String s) {
    resultsDir = Path.of(s);
  }

  /** @return the scenarios to run, in this order */
  List<GatewayScenario> scenarios() {
    return scenarios;
  }

  /** @return the servers of the fan-out and memory scenarios */
  List<ServerKind> servers() {
    return servers;
  }

  /** @return the sides of the group-send scenario (ours, Socket.IO with the redis adapter) */
  List<ServerKind> groupServers() {
    return groupServers;
  }

  /** @return how many times each run is repeated (medians are quoted) */
  int rounds() {
    return rounds;
  }

  /** @return whether --quick was given (noted in the report) */
  boolean quick() {
    return quick;
  }

  /** @return fan-out: receiving connections */
  int connections() {
    return connections;
  }

  /** @return fan-out: message size in bytes */
  int payload() {
    return payload;
  }

  /** @return fan-out: one message every this many milliseconds */
  double intervalMillis() {
    return intervalMillis;
  }

  /** @return fan-out: sending before the measured window */
  Duration warmup() {
    return warmup;
  }

  /** @return fan-out: measured window */
  Duration duration() {
    return duration;
  }

  /** @return after a window, how long the load generator waits for messages in flight */
  Duration drain() {
    return drain;
  }

  /** @return memory: idle connections opened */
  int idleConnections() {
    return idleConnections;
  }

  /** @return memory: connections opened and closed before the "before" sample */
  int prime() {
    return prime;
  }

  /** @return the slow-consumer scenario's options */
  SlowOptions slow() {
    return slow;
  }

  /** @return the connect scenario's options */
  ConnectOptions connect() {
    return connect;
  }

  /** @return the scale scenarios' options (idle100k, broadcast100k, storm) */
  ScaleOptions scale() {
    return scale;
  }

  /** @return our server's per-connection send buffer bound, bytes */
  int maxSendBuffer() {
    return maxSendBuffer;
  }

  /** @return worker processes holding the load generator's receiving connections */
  int loadgenWorkers() {
    return loadgenWorkers;
  }

  /** @return opening handshakes the load generator keeps in flight */
  int concurrency() {
    return concurrency;
  }

  /** @return the node executable */
  String node() {
    return node;
  }

  /** @return the directory of the Node scripts and their node_modules */
  Path nodeDir() {
    return nodeDir;
  }

  /** @return the redis-server executable (group send, Socket.IO side) */
  String redisServer() {
    return redisServer;
  }

  /** @return where the report and raw results go */
  Path resultsDir() {
    return resultsDir;
  }

  private static ServerKind groupServer(String key) {
    ServerKind kind = ServerKind.of(key);
    if (!GROUP_SERVERS.contains(kind)) {
      throw new IllegalArgumentException("--group-servers: " + key + " has no group send (known: "
          + Keyed.keys(GROUP_SERVERS) + ")");
    }
    return kind;
  }

  /**
   * @return the options as a summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "scenarios %s, %d round(s)%s, load generator workers %d",
        scenarios.stream().map(GatewayScenario::key).toList(), rounds, quick ? " (--quick)" : "",
        loadgenWorkers);
  }
}
