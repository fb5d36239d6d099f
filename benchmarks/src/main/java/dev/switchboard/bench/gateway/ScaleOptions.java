package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.gateway.GatewayOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The scale scenarios' options of {@link GatewayBenchOptions} ({@link ScaleScenario}:
 * {@code idle100k}, {@code broadcast100k}; {@link StormScenario}: {@code storm}), a picocli
 * mixin: the options stay on the one command line, in its order.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class ScaleOptions {

  /** Default idle connections held by one gateway node. */
  static final int DEFAULT_CONNECTIONS = 100_000;
  /** Default load-generator processes holding them: 25,000 each. */
  static final int DEFAULT_WORKERS = 4;
  /**
   * Default source addresses: 127.0.0.2 to 127.0.0.9, 12,500 connections each at 100,000, under
   * the 28,232 ephemeral ports of the default {@code net.ipv4.ip_local_port_range}.
   */
  static final int DEFAULT_SOURCES = 8;
  /** Default opening handshakes in flight per load-generator process. */
  static final int DEFAULT_CONCURRENCY = 100;
  /** Default clients of the reconnect storm. */
  static final int DEFAULT_STORM_CONNECTIONS = 20_000;
  /** Default period of the server's event-loop delay probe, milliseconds. */
  static final int DEFAULT_LOOP_DELAY_PERIOD = 10;

  private int connections = DEFAULT_CONNECTIONS;
  private int workers = DEFAULT_WORKERS;
  private int sources = DEFAULT_SOURCES;
  private int concurrency = DEFAULT_CONCURRENCY;
  private long pingInterval = GatewayOptions.DEFAULT_PING_INTERVAL;
  private Duration idle = Duration.ofSeconds(60);
  private int broadcastMessages = 60;
  private int broadcastInterval = 1_000;
  private int broadcastPayload = 128;
  private int sampleEvery = 100;
  private int stormConnections = DEFAULT_STORM_CONNECTIONS;
  private int stormMaxConnections = GatewayOptions.DEFAULT_MAX_CONNECTIONS;
  private Duration stormTimeout = Duration.ofSeconds(120);
  private int stormWarmup = 5_000;

  @Option(names = "--scale-connections", paramLabel = "N",
      description = "idle100k, broadcast100k: connections to one node (default 100000)")
  private void connections(String s) {
    connections = Args.integer("--scale-connections", s, 1, 1_000_000);
  }

  @Option(names = "--scale-workers", paramLabel = "K",
      description = "scale scenarios: load-generator processes holding the connections "
          + "(default 4)")
  private void workers(String s) {
    workers = Args.integer("--scale-workers", s, 1, 64);
  }

  @Option(names = "--scale-sources", paramLabel = "N",
      description = "scale scenarios: client source addresses 127.0.0.2 .. 127.0.0.(N+1) "
          + "(default 8)")
  private void sources(String s) {
    sources = Args.integer("--scale-sources", s, 1, 250);
  }

  @Option(names = "--scale-concurrency", paramLabel = "C",
      description = "scale scenarios: opening handshakes in flight per load-generator process "
          + "(default 100)")
  private void concurrency(String s) {
    concurrency = Args.integer("--scale-concurrency", s, 1, 10_000);
  }

  @Option(names = "--ping-interval", paramLabel = "MS",
      description = "scale scenarios: the server's pingInterval (default 25000, the gateway's)")
  private void pingInterval(String s) {
    pingInterval = Args.integer("--ping-interval", s, 1, 3_600_000);
  }

  @Option(names = "--idle-duration", paramLabel = "S",
      description = "idle100k: measured idle window, s (default 60: two ping sweeps or more)")
  private void idle(String s) {
    idle = Args.seconds("--idle-duration", s, 0.5);
  }

  @Option(names = "--broadcast-messages", paramLabel = "N",
      description = "broadcast100k: messages sent (default 60)")
  private void broadcastMessages(String s) {
    broadcastMessages = Args.integer("--broadcast-messages", s, 1, 100_000);
  }

  @Option(names = "--broadcast-interval", paramLabel = "MS",
      description = "broadcast100k: a message every MS ms (default 1000)")
  private void broadcastInterval(String s) {
    broadcastInterval = Args.integer("--broadcast-interval", s, 1, 600_000);
  }

  @Option(names = "--broadcast-payload", paramLabel = "B",
      description = "broadcast100k: message size, bytes (default 128)")
  private void broadcastPayload(String s) {
    broadcastPayload = Args.integer("--broadcast-payload", s, 64, 1 << 20);
  }

  @Option(names = "--sample-every", paramLabel = "S",
      description = "broadcast100k: one client in S records latencies (default 100)")
  private void sampleEvery(String s) {
    sampleEvery = Args.integer("--sample-every", s, 1, 1_000_000);
  }

  @Option(names = "--storm-connections", paramLabel = "N",
      description = "storm: clients on node A that reconnect to node B (default 20000)")
  private void stormConnections(String s) {
    stormConnections = Args.integer("--storm-connections", s, 1, 1_000_000);
  }

  @Option(names = "--storm-max-connections", paramLabel = "N",
      description = "storm: node B's maxConnections per verticle instance (default 100000, the "
          + "gateway's); lower it to see B shed")
  private void stormMaxConnections(String s) {
    stormMaxConnections = Args.integer("--storm-max-connections", s, 1, 10_000_000);
  }

  @Option(names = "--storm-timeout", paramLabel = "S",
      description = "storm: longest wait for every client to be back, s (default 120)")
  private void stormTimeout(String s) {
    stormTimeout = Args.seconds("--storm-timeout", s, 1);
  }

  @Option(names = "--storm-warmup", paramLabel = "N",
      description = "storm: connections opened and closed on node B before the storm, to "
          + "compile its handshake path (default 5000, 0: none)")
  private void stormWarmup(String s) {
    stormWarmup = Args.integer("--storm-warmup", s, 0, 1_000_000);
  }

  /**
   * What --quick sets: 5,000 connections over 2 processes and 2 addresses, pings every second, a
   * 3 s idle window, 3 broadcasts, a 2,000-client storm after 500 warm-up connections.
   */
  void quick() {
    connections = 5_000;
    workers = 2;
    sources = 2;
    pingInterval = 1_000;
    idle = Duration.ofSeconds(3);
    broadcastMessages = 3;
    sampleEvery = 10;
    stormConnections = 2_000;
    stormTimeout = Duration.ofSeconds(30);
    stormWarmup = 500;
  }

  /** @return connections of idle100k and broadcast100k */
  int connections() {
    return connections;
  }

  /** @return load-generator processes */
  int workers() {
    return workers;
  }

  /** @return source addresses of the clients */
  int sources() {
    return sources;
  }

  /** @return opening handshakes in flight per load-generator process */
  int concurrency() {
    return concurrency;
  }

  /** @return the server's ping interval, milliseconds */
  long pingInterval() {
    return pingInterval;
  }

  /** @return the idle window */
  Duration idle() {
    return idle;
  }

  /** @return broadcasts sent */
  int broadcastMessages() {
    return broadcastMessages;
  }

  /** @return milliseconds between broadcasts */
  int broadcastInterval() {
    return broadcastInterval;
  }

  /** @return broadcast size, bytes */
  int broadcastPayload() {
    return broadcastPayload;
  }

  /** @return one client in this many records latencies */
  int sampleEvery() {
    return sampleEvery;
  }

  /** @return clients of the storm */
  int stormConnections() {
    return stormConnections;
  }

  /** @return node B's maxConnections per verticle instance */
  int stormMaxConnections() {
    return stormMaxConnections;
  }

  /** @return connections opened and closed on node B before the storm */
  int stormWarmup() {
    return stormWarmup;
  }

  /** @return the longest wait for the storm's clients to be back */
  Duration stormTimeout() {
    return stormTimeout;
  }
}
