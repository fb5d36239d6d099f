package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * The connect scenario's options of {@link GatewayBenchOptions} (a picocli mixin: the options stay
 * on the one command line, in its order).
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class ConnectOptions {

  /** Default cycles in flight: connecting, confirmed, closing, again. */
  static final int DEFAULT_CONCURRENCY = 64;

  /**
   * Default load-generator processes the cycles are shared out to: 2, as one Node process
   * saturates a core at about 4,000 connections per second (one process cannot say how fast a
   * server is beyond that).
   */
  static final int DEFAULT_WORKERS = 2;

  private List<ConnectServer> servers = List.of(ConnectServer.values());
  private int concurrency = DEFAULT_CONCURRENCY;
  private int workers = DEFAULT_WORKERS;
  private Duration warmup = Duration.ofSeconds(15);
  private Duration duration = Duration.ofSeconds(15);

  @Option(names = "--connect-servers", paramLabel = "LIST",
      description = "servers of the connect scenario: ours,ours+jwt,socketio,socketio+jwt "
          + "(default all)")
  private void servers(String s) {
    servers = Args.list(s, ConnectServer::of);
  }

  @Option(names = "--connect-concurrency", paramLabel = "C",
      description = "connect: clients connecting at once, each connecting, confirmed, closing, "
          + "again (default 64)")
  private void concurrency(String s) {
    concurrency = Args.integer("--connect-concurrency", s, 1, 1_024);
  }

  @Option(names = "--connect-workers", paramLabel = "K",
      description = "connect: load-generator processes sharing the cycles, 0 = all in the main "
          + "one (default 2)")
  private void workers(String s) {
    workers = Args.integer("--connect-workers", s, 0, 16);
  }

  @Option(names = "--connect-warmup", paramLabel = "S",
      description = "connect: warm-up, seconds (default 15: the JIT compiles the connect path)")
  private void warmup(String s) {
    warmup = Args.seconds("--connect-warmup", s, 0);
  }

  @Option(names = "--connect-duration", paramLabel = "S",
      description = "connect: measured window, seconds (default 15)")
  private void duration(String s) {
    duration = Args.seconds("--connect-duration", s, 0.5);
  }

  /** What --quick sets: 1 s warm-up, 3 s window. */
  void quick() {
    warmup = Duration.ofSeconds(1);
    duration = Duration.ofSeconds(3);
  }

  /** @return the servers of the connect scenario */
  List<ConnectServer> servers() {
    return servers;
  }

  /** @return cycles in flight */
  int concurrency() {
    return concurrency;
  }

  /** @return load-generator processes sharing the cycles (0: the main one alone) */
  int workers() {
    return workers;
  }

  /** @return cycles before the measured window */
  Duration warmup() {
    return warmup;
  }

  /** @return measured window */
  Duration duration() {
    return duration;
  }
}
