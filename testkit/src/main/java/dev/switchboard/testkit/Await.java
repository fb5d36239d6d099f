package dev.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits, from a test thread and for a bounded time, on futures and on conditions polled by a
 * Vert.x timer. Never call it on an event loop.
 */
public final class Await {

  /** Default bound of one wait, in seconds. */
  public static final long DEFAULT_TIMEOUT_SECONDS = 30;

  private Await() {
  }

  /**
   * @param future the future
   * @param <T>    its type
   * @return its result
   * @throws AssertionError when it fails or does not complete in {@value #DEFAULT_TIMEOUT_SECONDS} s
   */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(DEFAULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete in " + DEFAULT_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * @param future a future expected to fail
   * @return its failure
   * @throws AssertionError when it succeeds or does not complete in time
   */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture()
          .get(DEFAULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("future succeeded with " + value + " but a failure was expected");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete in " + DEFAULT_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Polls an asynchronous condition every {@code periodMillis} on a Vert.x timer until it holds.
   *
   * @param vertx        the Vert.x instance whose timer polls
   * @param periodMillis the polling period
   * @param condition    starts one check; a failed check counts as false
   * @throws AssertionError when the condition does not hold within {@value #DEFAULT_TIMEOUT_SECONDS} s
   */
  public static void condition(Vertx vertx, long periodMillis, Supplier<Future<Boolean>> condition) {
    Promise<Void> holds = Promise.promise();
    vertx.setPeriodic(0, periodMillis, id -> condition.get().onComplete(ar -> {
      if (ar.succeeded() && Boolean.TRUE.equals(ar.result()) && holds.tryComplete()) {
        vertx.cancelTimer(id);
      }
    }));
    result(holds.future());
  }
}
