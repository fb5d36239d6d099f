package dev.switchboard.gateway.impl.business;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The wait of a stopping business node ({@link BusinessNode}): done once the events it took are
 * answered and no event came for {@value #QUIET} ms (the longest a gateway waits between two tries
 * of an event no node took, so that the gateways have moved their clients elsewhere), or after
 * the node's {@code stopDrainTimeout} whatever happens.
 *
 * <p>Threading: started on the node's context; its checks run there.
 */
final class BusinessDrain {

  /** Time without an event after which the node is drained, in ms. */
  static final long QUIET = 500;
  /** Interval of the checks, in ms. */
  static final long CHECK_INTERVAL = 50;

  private BusinessDrain() {
  }

  /**
   * @param vertx     the node
   * @param max       the longest wait, in ms
   * @param lastEvent when the last event came ({@link System#nanoTime})
   * @param running   the events taken and not answered yet
   * @return completed (never failed) when drained or after {@code max}
   */
  static Future<Void> await(Vertx vertx, long max, LongSupplier lastEvent, IntSupplier running) {
    Promise<Void> drained = Promise.promise();
    long start = System.nanoTime();
    vertx.setPeriodic(CHECK_INTERVAL, timer -> {
      long now = System.nanoTime();
      if (running.getAsInt() == 0 && TimeUnit.NANOSECONDS.toMillis(now - lastEvent.getAsLong())
          >= QUIET || TimeUnit.NANOSECONDS.toMillis(now - start) >= max) {
        vertx.cancelTimer(timer);
        drained.complete();
      }
    });
    return drained.future();
  }
}
