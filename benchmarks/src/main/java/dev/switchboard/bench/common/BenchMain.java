package dev.switchboard.bench.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every benchmark: parse the options ({@link CommandLines}: usage and exit 2
 * when they are wrong, usage and exit 0 on {@code --help}), run with a {@link Cleanup} that stops
 * whatever the run started, and exit with the run's status (Vert.x and Hazelcast leave non-daemon
 * threads behind them).
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

  /**
   * @param args    the command line
   * @param options a fresh options object (picocli {@code @Command}), filled from {@code args}
   * @param body    the run
   * @param <O>     the options' type
   */
  public static <O> void run(String[] args, O options, Body<O> body) {
    CommandLines.parseOrExit(options, args);
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
