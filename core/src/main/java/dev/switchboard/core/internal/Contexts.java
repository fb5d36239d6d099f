package dev.switchboard.core.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Running work on a given context from any thread. Stateless; thread-safe.
 */
public final class Contexts {

  private Contexts() {
  }

  /**
   * Runs an action on a context: now when called on it, else as a task there.
   *
   * @param context the context
   * @param action  the action; a {@link RuntimeException} it throws fails the future
   * @return the action's result, completed wherever the action completes it
   */
  public static <T> Future<T> onContext(Context context, Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return attempt(action);
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> attempt(action).onComplete(promise));
    return promise.future();
  }

  /**
   * Computes a value on a context: now when called on it, else as a task there.
   *
   * @param context the context
   * @param work    the computation; a {@link RuntimeException} it throws fails the future
   * @return its result
   */
  public static <T> Future<T> call(Context context, Supplier<T> work) {
    return onContext(context, () -> Future.succeededFuture(work.get()));
  }

  private static <T> Future<T> attempt(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
