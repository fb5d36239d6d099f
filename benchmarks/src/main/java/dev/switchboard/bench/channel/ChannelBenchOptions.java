package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link ChannelBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "ChannelBench", synopsisHeading = "usage: ",
    customSynopsis = "ChannelBench [options]")
final class ChannelBenchOptions {

  private Duration warmup = Duration.ofSeconds(2);
  private Duration duration = Duration.ofSeconds(5);
  private Duration prewarm = Duration.ofSeconds(3);
  private int rounds = 3;
  private List<Integer> subscriberCounts = List.of(1, 10, 50);
  private int window = 128;
  private int eventLoops = 2;
  private boolean redis = true;
  private boolean federated = true;
  private boolean profile = true;
  private int profileSubscribers = 10;
  private Path resultsDir = Path.of("benchmarks", "results");
  private String redisServer = "redis-server";

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--warmup", paramLabel = "S",
      description = "warm-up of each cell, seconds (default 2)")
  private void warmup(String s) {
    warmup = Args.seconds("--warmup", s, 0);
  }

  @Option(names = "--duration", paramLabel = "S",
      description = "measured window of each cell, seconds (default 5)")
  private void duration(String s) {
    duration = Args.seconds("--duration", s, 0.1);
  }

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
    warmup = Duration.ofMillis(500);
    duration = Duration.ofSeconds(1);
    prewarm = Duration.ofSeconds(1);
    rounds = 1;
  }

  @Option(names = "--subscribers", paramLabel = "LIST",
      description = "subscriber counts N (default 1,10,50)")
  private void subscribers(String s) {
    subscriberCounts = Args.list(s, n -> Args.integer("--subscribers", n, 1, 500));
  }

  @Option(names = "--window", paramLabel = "N",
      description = "publishes unacknowledged at once (default 128)")
  private void window(String s) {
    window = Args.integer("--window", s, 1, 100_000);
  }

  @Option(names = "--event-loops", paramLabel = "N",
      description = "event loops of the load generator (default 2)")
  private void eventLoops(String s) {
    eventLoops = Args.integer("--event-loops", s, 1, 64);
  }

  @Option(names = "--profile-subscribers", paramLabel = "N",
      description = "N of the profiled cell (default 10)")
  private void profileSubscribers(String s) {
    profileSubscribers = Args.integer("--profile-subscribers", s, 1, 500);
  }

  @Option(names = "--no-redis", description = "skip the Redis peer")
  private void noRedis(boolean flag) {
    redis = false;
  }

  @Option(names = "--no-federated", description = "skip the 2-federated-server rows")
  private void noFederated(boolean flag) {
    federated = false;
  }

  @Option(names = "--no-profile", description = "skip the flight-recorder profile")
  private void noProfile(boolean flag) {
    profile = false;
  }

  @Option(names = "--results", paramLabel = "DIR",
      description = "where results go (default benchmarks/results)")
  private void results(String dir) {
    resultsDir = Path.of(dir);
  }

  @Option(names = "--redis-server", paramLabel = "PATH",
      description = "redis-server executable (default redis-server)")
  private void redisServer(String path) {
    redisServer = path;
  }

  /** @return warm-up of each cell */
  Duration warmup() {
    return warmup;
  }

  /** @return measured window of each cell */
  Duration duration() {
    return duration;
  }

  /** @return unmeasured run on each new system before its first cell (JIT warm-up) */
  Duration prewarm() {
    return prewarm;
  }

  /** @return how many times each cell runs (medians are quoted) */
  int rounds() {
    return rounds;
  }

  /** @return the Ns, each a cell */
  List<Integer> subscriberCounts() {
    return subscriberCounts;
  }

  /** @return the most publishes unacknowledged at once */
  int window() {
    return window;
  }

  /** @return event loops of the load generator's Vert.x instance */
  int eventLoops() {
    return eventLoops;
  }

  /** @return whether to run the Redis peer */
  boolean redis() {
    return redis;
  }

  /** @return whether to run the 2-federated-server rows */
  boolean federated() {
    return federated;
  }

  /** @return whether to run the profiled cell */
  boolean profile() {
    return profile;
  }

  /** @return N of the profiled cell */
  int profileSubscribers() {
    return profileSubscribers;
  }

  /** @return where the report, raw results and recordings go */
  Path resultsDir() {
    return resultsDir;
  }

  /** @return the redis-server executable */
  String redisServer() {
    return redisServer;
  }

  /**
   * @return the options as a summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "warm-up %s s, measured %s s, prewarm %s s, %d round(s), "
            + "subscribers %s, window %d unacknowledged publishes, payload %d bytes, "
            + "load generator event loops %d", Args.seconds(warmup),
        Args.seconds(duration), Args.seconds(prewarm), rounds, subscriberCounts,
        window, Payload.SIZE, eventLoops);
  }
}
