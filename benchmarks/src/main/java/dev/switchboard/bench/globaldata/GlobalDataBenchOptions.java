package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  private Duration prewarm = Duration.ofSeconds(5);
  private List<Integer> callers = List.of(1, 16, 64);
  private int keyCount = 10_000;
  private List<Mode> modes = List.of(Mode.MEMBER, Mode.CLIENT);
  private List<Op> ops = List.of(Op.INCREMENT, Op.CAS);
  private boolean clusterStart = true;
  private int profileCallers = 64;
  private String redisBenchmark = "redis-benchmark";

  @Mixin
  private final RunOptions run = new RunOptions();

  @Option(names = "--prewarm", paramLabel = "S",
      description = "unmeasured JIT warm-up on each new cluster, seconds (default 5)")
  private void prewarm(String s) {
    prewarm = Args.seconds("--prewarm", s, 0);
  }

  @Option(names = "--quick",
      description = "--warmup 1 --duration 1 --prewarm 2 (a check, not figures)")
  private void quick(boolean quick) {
    run.quick(Duration.ofSeconds(1), Duration.ofSeconds(1));
    prewarm = Duration.ofSeconds(2);
  }

  @Option(names = "--callers", paramLabel = "LIST", description = "concurrencies (default 1,16,64)")
  private void callers(String s) {
    callers = Args.list(s, c -> Args.integer("--callers", c, 1, 1_024));
  }

  @Option(names = "--keys", paramLabel = "N",
      description = "size of the random key set (default 10000; 1: the hot-key cells only)")
  private void keys(String s) {
    keyCount = Args.integer("--keys", s, 1, 1_000_000);
  }

  @Option(names = "--modes", paramLabel = "LIST", description = "member,client (default both)")
  private void modes(String s) {
    modes = Args.list(s, Mode::of);
  }

  @Option(names = "--ops", paramLabel = "LIST", description = "increment,cas,cas-exchange,update (default increment,cas)")
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

  @Option(names = "--redis-benchmark", paramLabel = "P",
      description = "redis-benchmark executable (default redis-benchmark)")
  private void redisBenchmark(String path) {
    redisBenchmark = path;
  }

  /** @return the options shared with the other benchmarks */
  RunOptions run() {
    return run;
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

  /** @return callers of the profiled cells */
  int profileCallers() {
    return profileCallers;
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
            + "keys %s, modes %s, ops %s", Args.seconds(run.warmup()),
        Args.seconds(run.duration()),
        Args.seconds(prewarm), callers, keyCount == 1 ? "1" : "1 and " + keyCount,
        modes.stream().map(Mode::label).toList(), ops.stream().map(Op::label).toList());
  }
}
