package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link ChannelBench}.
 *
 * @param warmup             warm-up of each cell
 * @param duration           measured window of each cell
 * @param prewarm            unmeasured run on each new system before its first cell (JIT warm-up)
 * @param rounds             how many times each cell runs (medians are quoted)
 * @param subscriberCounts   the Ns, each a cell
 * @param window             the most publishes unacknowledged at once
 * @param eventLoops         event loops of the load generator's Vert.x instance
 * @param redis              whether to run the Redis peer
 * @param federated          whether to run the 2-federated-server rows
 * @param profile            whether to run the profiled cell
 * @param profileSubscribers N of the profiled cell
 * @param resultsDir         where the report, raw results and recordings go
 * @param redisServer        the redis-server executable
 * @param help               whether only the usage was asked for
 */
record ChannelBenchOptions(Duration warmup, Duration duration, Duration prewarm, int rounds,
                           List<Integer> subscriberCounts, int window, int eventLoops,
                           boolean redis, boolean federated, boolean profile,
                           int profileSubscribers, Path resultsDir, String redisServer,
                           boolean help) {

  /**
   * @return the usage text
   */
  static String usage() {
    return String.join("\n",
        "usage: ChannelBench [options]",
        "  --warmup S               warm-up of each cell, seconds (default 2)",
        "  --duration S             measured window of each cell, seconds (default 5)",
        "  --prewarm S              unmeasured JIT warm-up on each new system, seconds (default 3)",
        "  --rounds N               rounds of every cell, medians quoted (default 3)",
        "  --quick                  --warmup 0.5 --duration 1 --prewarm 1 --rounds 1 (a check)",
        "  --subscribers LIST       subscriber counts N (default 1,10,50)",
        "  --window N               publishes unacknowledged at once (default 128)",
        "  --event-loops N          event loops of the load generator (default 2)",
        "  --profile-subscribers N  N of the profiled cell (default 10)",
        "  --no-redis               skip the Redis peer",
        "  --no-federated           skip the 2-federated-server rows",
        "  --no-profile             skip the flight-recorder profile",
        "  --results DIR            where results go (default benchmarks/results)",
        "  --redis-server PATH      redis-server executable (default redis-server)",
        "  --help");
  }

  /**
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a value out of range
   */
  static ChannelBenchOptions parse(String[] args) {
    Duration warmup = Duration.ofSeconds(2);
    Duration duration = Duration.ofSeconds(5);
    Duration prewarm = Duration.ofSeconds(3);
    int rounds = 3;
    List<Integer> subscriberCounts = List.of(1, 10, 50);
    int window = 128;
    int eventLoops = 2;
    boolean redis = true;
    boolean federated = true;
    boolean profile = true;
    int profileSubscribers = 10;
    Path resultsDir = Path.of("benchmarks", "results");
    String redisServer = "redis-server";
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--warmup" -> warmup =
            Args.seconds(arg, Args.value(args, ++i, arg), 0);
        case "--duration" -> duration =
            Args.seconds(arg, Args.value(args, ++i, arg), 0.1);
        case "--prewarm" -> prewarm =
            Args.seconds(arg, Args.value(args, ++i, arg), 0);
        case "--rounds" -> rounds = Args.integer(arg, Args.value(args, ++i, arg),
            1, 20);
        case "--quick" -> {
          warmup = Duration.ofMillis(500);
          duration = Duration.ofSeconds(1);
          prewarm = Duration.ofSeconds(1);
          rounds = 1;
        }
        case "--subscribers" -> subscriberCounts = Args.list(
            Args.value(args, ++i, arg), s -> Args.integer(arg, s, 1, 500));
        case "--window" -> window = Args.integer(arg, Args.value(args, ++i, arg),
            1, 100_000);
        case "--event-loops" -> eventLoops = Args.integer(arg,
            Args.value(args, ++i, arg), 1, 64);
        case "--profile-subscribers" -> profileSubscribers = Args.integer(arg,
            Args.value(args, ++i, arg), 1, 500);
        case "--no-redis" -> redis = false;
        case "--no-federated" -> federated = false;
        case "--no-profile" -> profile = false;
        case "--results" -> resultsDir = Path.of(Args.value(args, ++i, arg));
        case "--redis-server" -> redisServer = Args.value(args, ++i, arg);
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new ChannelBenchOptions(warmup, duration, prewarm, rounds, subscriberCounts, window,
        eventLoops, redis, federated, profile, profileSubscribers, resultsDir, redisServer, help);
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
