package dev.switchboard.bench.globaldata;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous tasks with at most {@code concurrency} outstanding, on one
 * Vert.x context: used to reset and to read back the benchmark keys outside the measured windows.
 *
 * <p>Each instance is confined to its context.
 */
final class Bulk {

  private final Context context;
  private final int count;
  private final IntFunction<Future<?>> task;
  private final Promise<Void> promise = Promise.promise();
  private int next;
  private int completed;
  private boolean starting;

  private Bulk(Context context, int count, IntFunction<Future<?>> task) {
    this.context = context;
    this.count = count;
    this.task = task;
  }

  /**
   * @param vertx       the Vert.x instance; the tasks run on a fresh context of it
   * @param count       how many tasks, task i gets index i
   * @param concurrency the most tasks outstanding at once, positive
   * @param task        starts task i
   * @return a future completed when every task succeeded, failed with the first failure
   */
  static Future<Void> run(Vertx vertx, int count, int concurrency, IntFunction<Future<?>> task) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1");
    }
    Context context = vertx.getOrCreateContext();
    Bulk bulk = new Bulk(context, count, task);
    context.runOnContext(v -> {
      if (count == 0) {
        bulk.promise.tryComplete();
        return;
      }
      for (int i = 0; i < Math.min(concurrency, count); i++) {
        bulk.startOne();
      }
    });
    return bulk.promise.future();
  }

  private void startOne() {
    if (next >= count || promise.future().isComplete()) {
      return;
    }
    int index = next++;
    starting = true;
    try {
      task.apply(index).onComplete(ar -> {
        if (ar.failed()) {
          promise.tryFail(ar.cause());
          return;
        }
        completed++;
        if (completed == count) {
          promise.tryComplete();
        } else if (starting) {
          context.runOnContext(v -> startOne());
        } else {
          startOne();
        }
      });
    } catch (RuntimeException e) {
      promise.tryFail(e);
    } finally {
      starting = false;
    }
  }
}
