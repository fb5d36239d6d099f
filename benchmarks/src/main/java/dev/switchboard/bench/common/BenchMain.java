package dev.switchboard.bench.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code main} of every benchmark: parse the options (usage and exit 2 when they are wrong),
 * run with a {@link Cleanup} that stops whatever the run started, and exit with the run's status
 * (Vert.x and Hazelcast leave non-daemon threads behind them).
 */
public final class BenchMain {

  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  /** A benchmark run. */
  public interface Body<O> {
    /** @return the exit status: 0 when every cell passed its checks */
    int run(O options, Cleanup cleanup) throws Exception;
  }

  private BenchMain() {
  }

  public static <O> void run(String[] args, Function<String[], O> parse, String usage, Predicate<O> help,
      Body<O> body) {
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    if (help.test(options)) {
      System.out.println(usage);
      return;
    }
    Cleanup cleanup = Cleanup.withShutdownHook();
    int status;
    try {
      status = body.run(options, cleanup);
    } catch (Exception | Error e) {
      LOG.error("Benchmark failed", e);
      status = 1;
    } finally {
      cleanup.closeAll();
    }
    System.exit(status);
  }
}
