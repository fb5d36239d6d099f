package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Command-line options of {@link GlobalDataBench}.
 *
 * @param warmup          warm-up of each cell
 * @param duration        measured window of each cell
 * @param prewarm         unmeasured run on each new cluster before its first cell (JIT warm-up)
 * @param callers         concurrencies, each a cell
 * @param keyCount        size of the random key set (the other key set is the single hot key)
 * @param modes           member and/or client
 * @param ops             increment and/or cas
 * @param clusterStart    whether to time the 3-node cluster starts
 * @param redis           whether to run the Redis peer
 * @param profile         whether to run the profiled member-mode cells
 * @param profileCallers  callers of the profiled cells
 * @param resultsDir      where the report and recordings go
 * @param redisServer     the redis-server executable
 * @param redisBenchmark  the redis-benchmark executable
 * @param help            whether only the usage was asked for
 */
record GlobalDataBenchOptions(Duration warmup, Duration duration, Duration prewarm, List<Integer> callers,
                    int keyCount, List<Mode> modes, List<Op> ops, boolean clusterStart,
                    boolean redis, boolean profile, int profileCallers, Path resultsDir,
                    String redisServer, String redisBenchmark, boolean help) {

  /**
   * @return the usage text
   */
  static String usage() {
    return String.join("\n",
        "usage: GlobalDataBench [options]",
        "  --warmup S            warm-up of each cell, seconds (default 2)",
        "  --duration S          measured window of each cell, seconds (default 5)",
        "  --prewarm S           unmeasured JIT warm-up on each new cluster, seconds (default 5)",
        "  --quick               --warmup 1 --duration 1 --prewarm 2 (a check, not figures)",
        "  --callers LIST        concurrencies (default 1,16,64)",
        "  --keys N              size of the random key set (default 10000)",
        "  --modes LIST          member,client (default both)",
        "  --ops LIST            increment,cas (default both)",
        "  --profile-callers N   callers of the profiled member-mode cells (default 64)",
        "  --no-cluster-start    skip the 3-node cluster start timings",
        "  --no-redis            skip the Redis peer",
        "  --no-profile          skip the flight-recorder profile",
        "  --results DIR         where the report and recordings go (default benchmarks/results)",
        "  --redis-server PATH   redis-server executable (default redis-server)",
        "  --redis-benchmark P   redis-benchmark executable (default redis-benchmark)",
        "  --help");
  }

  /**
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a value out of range
   */
  static GlobalDataBenchOptions parse(String[] args) {
    Duration warmup = Duration.ofSeconds(2);
    Duration duration = Duration.ofSeconds(5);
    Duration prewarm = Duration.ofSeconds(5);
    List<Integer> callers = List.of(1, 16, 64);
    int keyCount = 10_000;
    List<Mode> modes = List.of(Mode.MEMBER, Mode.CLIENT);
    List<Op> ops = List.of(Op.INCREMENT, Op.CAS);
    boolean clusterStart = true;
    boolean redis = true;
    boolean profile = true;
    int profileCallers = 64;
    Path resultsDir = Path.of("benchmarks", "results");
    String redisServer = "redis-server";
    String redisBenchmark = "redis-benchmark";
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--warmup" -> warmup = Args.seconds(arg, Args.value(args, ++i, arg), 0);
        case "--duration" -> duration = Args.seconds(arg, Args.value(args, ++i, arg), 0.1);
        case "--prewarm" -> prewarm = Args.seconds(arg, Args.value(args, ++i, arg), 0);
        case "--quick" -> {
          warmup = Duration.ofSeconds(1);
          duration = Duration.ofSeconds(1);
          prewarm = Duration.ofSeconds(2);
        }
        case "--callers" -> callers = Args.list(Args.value(args, ++i, arg), s -> Args.integer(arg, s, 1, 1_024));
        case "--keys" -> keyCount = Args.integer(arg, Args.value(args, ++i, arg), 2, 1_000_000);
        case "--modes" -> modes = Args.list(Args.value(args, ++i, arg), Mode::of);
        case "--ops" -> ops = Args.list(Args.value(args, ++i, arg), Op::of);
        case "--profile-callers" -> profileCallers = Args.integer(arg, Args.value(args, ++i, arg), 1, 1_024);
        case "--no-cluster-start" -> clusterStart = false;
        case "--no-redis" -> redis = false;
        case "--no-profile" -> profile = false;
        case "--results" -> resultsDir = Path.of(Args.value(args, ++i, arg));
        case "--redis-server" -> redisServer = Args.value(args, ++i, arg);
        case "--redis-benchmark" -> redisBenchmark = Args.value(args, ++i, arg);
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new GlobalDataBenchOptions(warmup, duration, prewarm, callers, keyCount, modes, ops, clusterStart,
        redis, profile, profileCallers, resultsDir, redisServer, redisBenchmark, help);
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
