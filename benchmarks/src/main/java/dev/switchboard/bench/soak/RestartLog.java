package dev.switchboard.bench.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * The restarts of a soak run and their windows: from the moment a node is stopped until
 * {@code settle} after it is ready again. What happens to a message whose life overlaps a
 * window may be lost by design (a node's connections close, its clients reconnect); outside
 * every window nothing may be lost.
 *
 * <p>Thread-safe: guarded by this object. Times are {@link System#nanoTime()} of this JVM.
 */
final class RestartLog {

  /** One restart. */
  record Restart(int node, long stoppedNanos, long readyNanos, long pid) {
  }

  private final long settleNanos;
  private final List<Restart> restarts = new ArrayList<>();
  private long openSince = -1;

  RestartLog(long settleNanos) {
    this.settleNanos = settleNanos;
  }

  /** A node is being stopped now. */
  synchronized void stopping() {
    openSince = System.nanoTime();
  }

  /**
   * The node stopped at {@link #stopping()} is ready again.
   *
   * @param node its number
   * @param pid  its new process
   */
  synchronized void ready(int node, long pid) {
    restarts.add(new Restart(node, openSince, System.nanoTime(), pid));
    openSince = -1;
  }

  /**
   * @param fromNanos start of a message's life
   * @param toNanos   end of it
   * @return whether it overlaps a restart's window (one under way counts, open-ended)
   */
  synchronized boolean overlaps(long fromNanos, long toNanos) {
    if (openSince >= 0 && toNanos >= openSince) {
      return true;
    }
    for (Restart r : restarts) {
      if (toNanos >= r.stoppedNanos() && fromNanos <= r.readyNanos() + settleNanos) {
        return true;
      }
    }
    return false;
  }

  /** @return the restarts so far */
  synchronized List<Restart> restarts() {
    return List.copyOf(restarts);
  }
}
