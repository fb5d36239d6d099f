package dev.switchboard.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Waits, bounded, until given processes are (nearly) idle: a server that fell behind in one run
 * may still be flushing when the next run, against another server on the same cores, begins.
 * There is no event to wait for, so their CPU time is polled.
 *
 * <p>Stateless; call from the main thread.
 */
final class Quiet {

  private static final Logger LOG = LoggerFactory.getLogger(Quiet.class);

  private static final long POLL_MILLIS = 500;
  /** Idle enough: at most 5% of one core over the last poll. */
  private static final double IDLE_SHARE = 0.05;

  private Quiet() {
  }

  /**
   * @param pids  the processes
   * @param bound the longest wait
   */
  static void await(List<Long> pids, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    CpuSample last = CpuSample.take(pids);
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      CpuSample now = CpuSample.take(pids);
      double used = last.userSecondsUntil(now) + last.systemSecondsUntil(now);
      if (used <= IDLE_SHARE * POLL_MILLIS / 1000.0) {
        return;
      }
      last = now;
    }
    LOG.warn("Processes {} still busy after {} s; going on", pids, bound.toSeconds());
  }
}
