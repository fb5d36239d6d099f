package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bounded waits for the benchmark's main thread: on a Vert.x future, and on an asynchronous
 * condition polled by a Vert.x timer. Never call the blocking ones on an event loop.
 */
final class Waits {

  private Waits() {
  }

  /**
   * Blocks until the future completes, at most {@code bound}.
   *
   * @param future the future
   * @param bound  the longest wait
   * @param what   what is awaited, for the error message
   * @param <T>    the result type
   * @return the result
   * @throws IllegalStateException when the future fails or does not complete in time
   */
  static <T> T await(Future<T> future, Duration bound, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not complete within " + bound.toMillis()
          + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /**
   * Polls an asynchronous condition on a Vert.x timer until it holds, at most {@code bound}.
   *
   * @param vertx        the Vert.x instance whose timer polls
   * @param periodMillis the polling period
   * @param bound        the longest wait
   * @param condition    starts one check; a failed check counts as false
   * @return a future completed once the condition holds, failed when it did not in time
   */
  static Future<Void> until(Vertx vertx, long periodMillis, Duration bound,
                            Supplier<Future<Boolean>> condition) {
    Promise<Void> holds = Promise.promise();
    long deadline = System.nanoTime() + bound.toNanos();
    vertx.setPeriodic(0, periodMillis, id -> {
      if (System.nanoTime() - deadline > 0) {
        vertx.cancelTimer(id);
        holds.tryFail(new TimeoutException("condition did not hold within "
            + bound.toMillis() + " ms"));
        return;
      }
      condition.get().onComplete(ar -> {
        if (ar.succeeded() && Boolean.TRUE.equals(ar.result()) && holds.tryComplete()) {
          vertx.cancelTimer(id);
        }
      });
    });
    return holds.future();
  }
}
