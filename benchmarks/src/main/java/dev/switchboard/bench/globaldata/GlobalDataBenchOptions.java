package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link GlobalDataBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "GlobalDataBench", synopsisHeading = "usage: ",
    customSynopsis = "GlobalDataBench [options]")
final class GlobalDataBenchOptions {

  private Duration warmup = Duration.ofSeconds(2);
  private Duration duration = Duration.ofSeconds(5);
  private Duration prewarm = Duration.ofSeconds(5);
  private List<Integer> callers = List.of(1, 16, 64);
  private int keyCount = 10_000;
  private List<Mode> modes = List.of(Mode.MEMBER, Mode.CLIENT);
  private List<Op> ops = List.of(Op.INCREMENT, Op.CAS);
  private boolean clusterStart = true;
  private boolean redis = true;
  private boolean profile = true;
  private int profileCallers = 64;
  private Path resultsDir = Path.of("benchmarks", "results");
  private String redisServer = "redis-server";
  private String redisBenchmark = "redis-benchmark";

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
      description = "unmeasured JIT warm-up on each new cluster, seconds (default 5)")
  private void prewarm(String s) {
    prewarm = Args.seconds("--prewarm", s, 0);
  }

  @Option(names = "--quick",
      description = "--warmup 1 --duration 1 --prewarm 2 (a check, not figures)")
  private void quick(boolean quick) {
    warmup = Duration.ofSeconds(1);
    duration = Duration.ofSeconds(1);
    prewarm = Duration.ofSeconds(2);
  }

  @Option(names = "--callers", paramLabel = "LIST", description = "concurrencies (default 1,16,64)")
  private void callers(String s) {
    callers = Args.list(s, c -> Args.integer("--callers", c, 1, 1_024));
  }

  @Option(names = "--keys", paramLabel = "N",
      description = "size of the random key set (default 10000)")
  private void keys(String s) {
    keyCount = Args.integer("--keys", s, 2, 1_000_000);
  }

  @Option(names = "--modes", paramLabel = "LIST", description = "member,client (default both)")
  private void modes(String s) {
    modes = Args.list(s, Mode::of);
  }

  @Option(names = "--ops", paramLabel = "LIST", description = "increment,cas (default both)")
  private void ops(String s) {
    ops = Args.list(s, Op::of);
  }

  @Option(names = "--profile-callers", paramLabel = "N",
      description = "callers of the profiled member-mode cells (default 64)")
  private void profileCallers(String s) {
    profileCallers = Args.integer("--profile-callers", s, 1, 1_024);
  }

  @Option(names = "--no-cluster-start", description = "skip the 3-node cluster start timings")
  private void noClusterStart(boolean flag) {
    clusterStart = false;
  }

  @Option(names = "--no-redis", description = "skip the Redis peer")
  private void noRedis(boolean flag) {
    redis = false;
  }

  @Option(names = "--no-profile", description = "skip the flight-recorder profile")
  private void noProfile(boolean flag) {
    profile = false;
  }

  @Option(names = "--results", paramLabel = "DIR",
      description = "where the report and recordings go (default benchmarks/results)")
  private void results(String dir) {
    resultsDir = Path.of(dir);
  }

  @Option(names = "--redis-server", paramLabel = "PATH",
      description = "redis-server executable (default redis-server)")
  private void redisServer(String path) {
    redisServer = path;
  }

  @Option(names = "--redis-benchmark", paramLabel = "P",
      description = "redis-benchmark executable (default redis-benchmark)")
  private void redisBenchmark(String path) {
    redisBenchmark = path;
  }

  /** @return warm-up of each cell */
  Duration warmup() {
    return warmup;
  }

  /** @return measured window of each cell */
  Duration duration() {
    return duration;
  }

  /** @return unmeasured run on each new cluster before its first cell (JIT warm-up) */
  Duration prewarm() {
    return prewarm;
  }

  /** @return concurrencies, each a cell */
  List<Integer> callers() {
    return callers;
  }

  /** @return size of the random key set (the other key set is the single hot key) */
  int keyCount() {
    return keyCount;
  }

  /** @return member and/or client */
  List<Mode> modes() {
    return modes;
  }

  /** @return increment and/or cas */
  List<Op> ops() {
    return ops;
  }

  /** @return whether to time the 3-node cluster starts */
  boolean clusterStart() {
    return clusterStart;
  }

  /** @return whether to run the Redis peer */
  boolean redis() {
    return redis;
  }

  /** @return whether to run the profiled member-mode cells */
  boolean profile() {
    return profile;
  }

  /** @return callers of the profiled cells */
  int profileCallers() {
    return profileCallers;
  }

  /** @return where the report and recordings go */
  Path resultsDir() {
    return resultsDir;
  }

  /** @return the redis-server executable */
  String redisServer() {
    return redisServer;
  }

  /** @return the redis-benchmark executable */
  String redisBenchmark() {
    return redisBenchmark;
  }

  /**
   * @return the options as a command-line-like summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "warm-up %s s, measured %s s, prewarm %s s, callers %s, "
            + "keys 1 and %d, modes %s, ops %s", Args.seconds(warmup), Args.seconds(duration),
        Args.seconds(prewarm), callers, keyCount,
        modes.stream().map(Mode::label).toList(), ops.stream().map(Op::label).toList());
  }
}
