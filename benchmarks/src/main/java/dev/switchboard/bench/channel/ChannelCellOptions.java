package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.RunOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The options of a channel cell that {@link ChannelBench} and {@link ChannelPhpBench} share (a
 * picocli mixin of both, holding the {@link RunOptions}): rounds, JIT warm-up, the publisher's
 * window, the load generator's event loops, the federated rows, {@code --quick}. Each setter
 * checks its value, in command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class ChannelCellOptions {

  private Duration prewarm = Duration.ofSeconds(3);
  private int rounds = 3;
  private int window = 128;
  private int eventLoops = 2;
  private boolean federated = true;

  @Mixin
  private final RunOptions run = new RunOptions();

  @Option(names = "--prewarm", paramLabel = "S",
      description = "unmeasured JIT warm-up on each new system, seconds (default 3)")
  private void prewarm(String s) {
    prewarm = Args.seconds("--prewarm", s, 0);
  }

  @Option(names = "--rounds", paramLabel = "N",
      description = "rounds of every cell, medians quoted (default 3)")
  private void rounds(String s) {
    rounds = Args.integer("--rounds", s, 1, 20);
  }

  @Option(names = "--quick",
      description = "--warmup 0.5 --duration 1 --prewarm 1 --rounds 1 (a check)")
  private void quick(boolean quick) {
    run.quick(Duration.ofMillis(500), Duration.ofSeconds(1));
    prewarm = Duration.ofSeconds(1);
    rounds = 1;
  }

  @Option(names = "--window", paramLabel = "N",
      description = "publishes unacknowledged at once (default 128)")
  private void window(String s) {
    window = Args.integer("--window", s, 1, 100_000);
  }

  @Option(names = "--event-loops", paramLabel = "N",
      description = "event loops of the (Java) load generator's subscribers (default 2; channel.sh gives its publisher one more of its own)")
  private void eventLoops(String s) {
    eventLoops = Args.integer("--event-loops", s, 1, 64);
  }

  @Option(names = "--no-federated", description = "skip the 2-federated-server rows")
  private void noFederated(boolean flag) {
    federated = false;
  }

  /** @return the options shared with the other benchmarks */
  RunOptions run() {
    return run;
  }

  /** @return unmeasured run on each new system before its first cell (JIT warm-up) */
  Duration prewarm() {
    return prewarm;
  }

  /** @return how many times each cell runs (medians are quoted) */
  int rounds() {
    return rounds;
  }

  /** @return the most publishes unacknowledged at once */
  int window() {
    return window;
  }

  /** @return event loops of the load generator's Vert.x instance */
  int eventLoops() {
    return eventLoops;
  }

  /** @return whether to run the 2-federated-server rows */
  boolean federated() {
    return federated;
  }
}
