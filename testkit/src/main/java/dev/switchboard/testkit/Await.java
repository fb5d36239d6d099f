package dev.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bounded waits for a test's (or a benchmark's) main thread: on futures, and on asynchronous
 * conditions polled by a Vert.x timer. Never call the blocking ones on an event loop.
 */
public final class Await {

  /** Default bound of one wait. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Await() {
  }

  /**
   * @param future the future
   * @param <T>    its type
   * @return its result
   * @throws IllegalStateException when it fails or does not complete within {@link #DEFAULT_TIMEOUT}
   */
  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT_TIMEOUT, "future");
  }

  /**
   * Blocks until the future completes, at most {@code bound}.
   *
   * @param future the future
   * @param bound  the longest wait
   * @param what   what is awaited, for the error message
   * @param <T>    its type
   * @return its result
   * @throws IllegalStateException when it fails or does not complete in time
   */
  public static <T> T result(Future<T> future, Duration bound, String what) {
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
   * @param future a future expected to fail
   * @return its failure
   * @throws AssertionError when it succeeds or does not complete within {@link #DEFAULT_TIMEOUT}
   */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture()
          .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("future succeeded with " + value + " but a failure was expected");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete within " + DEFAULT_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Polls an asynchronous condition every {@code periodMillis} until it holds, blocking at most
   * {@link #DEFAULT_TIMEOUT}.
   *
   * @param vertx        the Vert.x instance whose timer polls
   * @param periodMillis the polling period
   * @param condition    starts one check; a failed check counts as false
   * @throws IllegalStateException when the condition does not hold in time
   */
  public static void condition(Vertx vertx, long periodMillis, Supplier<Future<Boolean>> condition) {
    result(until(vertx, periodMillis, DEFAULT_TIMEOUT, condition), DEFAULT_TIMEOUT.plusSeconds(5),
        "condition");
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
  public static Future<Void> until(Vertx vertx, long periodMillis, Duration bound,
                                   Supplier<Future<Boolean>> condition) {
    Promise<Void> holds = Promise.promise();
    long deadline = System.nanoTime() + bound.toNanos();
    // one check at a time, the next one timed from the end of the last: a periodic timer could
    // not be cancelled from its first run when that run came before setPeriodic had returned
    vertx.runOnContext(v -> check(vertx, periodMillis, deadline, bound, condition, holds));
    return holds.future();
  }

  private static void check(Vertx vertx, long periodMillis, long deadline, Duration bound,
                            Supplier<Future<Boolean>> condition, Promise<Void> holds) {
    if (System.nanoTime() - deadline > 0) {
      holds.tryFail(new TimeoutException("condition did not hold within "
          + bound.toMillis() + " ms"));
      return;
    }
    Future<Boolean> check;
    try {
      check = condition.get();
    } catch (RuntimeException e) {
      check = Future.failedFuture(e); // counts as false, as a failed check does
    }
    check.onComplete(ar -> {
      if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
        holds.tryComplete();
      } else {
        vertx.setTimer(Math.max(1, periodMillis), id -> check(vertx, periodMillis, deadline, bound, condition,
            holds));
      }
    });
  }
}
