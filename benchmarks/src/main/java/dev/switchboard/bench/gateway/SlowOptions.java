package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * The slow-consumer scenario's options of {@link GatewayBenchOptions} (a picocli mixin: the
 * options stay on the one command line, in its order).
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class SlowOptions {

  private List<ServerKind> servers = List.of(ServerKind.values());
  private int clients = 1_000;
  private int stalled = 10;
  private int payload = 16_384;
  private double intervalMillis = 50;
  private Duration warmup = Duration.ofSeconds(5);
  private Duration duration = Duration.ofSeconds(25);

  @Option(names = "--slow-servers", paramLabel = "LIST",
      description = "servers of the slow-consumer scenario (default all)")
  private void servers(String s) {
    servers = Args.list(s, ServerKind::of);
  }

  @Option(names = "--slow-clients", paramLabel = "N",
      description = "slow consumers: normal connections (default 1000)")
  private void clients(String s) {
    clients = Args.integer("--slow-clients", s, 1, 50_000);
  }

  @Option(names = "--stalled", paramLabel = "N",
      description = "slow consumers: stalled connections (default 10)")
  private void stalled(String s) {
    stalled = Args.integer("--stalled", s, 1, 1_000);
  }

  @Option(names = "--slow-payload", paramLabel = "B",
      description = "slow consumers: message size, bytes (default 16384)")
  private void payload(String s) {
    payload = Args.integer("--slow-payload", s, 64, 1 << 20);
  }

  @Option(names = "--slow-interval", paramLabel = "MS",
      description = "slow consumers: one message every MS ms (default 50)")
  private void intervalMillis(String s) {
    intervalMillis = Args.millis("--slow-interval", s);
  }

  @Option(names = "--slow-warmup", paramLabel = "S",
      description = "slow consumers: warm-up, seconds (default 5)")
  private void warmup(String s) {
    warmup = Args.seconds("--slow-warmup", s, 0);
  }

  @Option(names = "--slow-duration", paramLabel = "S",
      description = "slow consumers: measured window, seconds (default 25)")
  private void duration(String s) {
    duration = Args.seconds("--slow-duration", s, 0.5);
  }

  /** What --quick sets: 200 clients, 1 s warm-up, 4 s window. */
  void quick() {
    clients = 200;
    warmup = Duration.ofSeconds(1);
    duration = Duration.ofSeconds(4);
  }

  /** @return the servers of the slow-consumer scenario */
  List<ServerKind> servers() {
    return servers;
  }

  /** @return normal receiving connections */
  int clients() {
    return clients;
  }

  /** @return stalled connections in the stalled runs */
  int stalled() {
    return stalled;
  }

  /** @return message size in bytes */
  int payload() {
    return payload;
  }

  /** @return one message every this many milliseconds */
  double intervalMillis() {
    return intervalMillis;
  }

  /** @return sending before the measured window */
  Duration warmup() {
    return warmup;
  }

  /** @return measured window */
  Duration duration() {
    return duration;
  }
}
