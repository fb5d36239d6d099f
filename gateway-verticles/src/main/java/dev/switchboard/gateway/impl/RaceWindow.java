package dev.switchboard.gateway.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/**
 * A test-only hook at the steps of a routing change where a change made by another thread could
 * come in between (after a check and before the lock, after a membership change and before the
 * node's channel interest follows it). Nothing is set in production, and each step runs straight
 * on; a test sets a hook that holds one step back to widen the window.
 *
 * <p>Threading: any thread.
 */
final class RaceWindow {

  /** A join looked its client up and is about to take the membership lock. */
  static final String JOIN = "join";
  /** A bind looked its client up and is about to take the membership lock. */
  static final String BIND = "bind";
  /**
   * A closed connection left the registry (isOnline says no) and is about to leave its groups
   * and uid.
   */
  static final String LEAVING = "leaving";
  /** A closed connection left its groups and uid; the node's interest is about to follow. */
  static final String CLOSED = "closed";

  /** Runs (now or later, on any thread) the rest of a step. */
  interface Hook {
    /**
     * @param step the step ({@link #JOIN}, {@link #BIND}, {@link #LEAVING}, {@link #CLOSED})
     * @param rest what follows the step; must be run exactly once
     */
    void pass(String step, Runnable rest);
  }

  private static volatile Hook hook;

  private RaceWindow() {
  }

  /**
   * @param newHook the hook, or null for none (production)
   */
  static void set(Hook newHook) {
    hook = newHook;
  }

  /**
   * @param step a step
   * @param rest what follows it
   * @return the rest's future: at once when no hook is set
   */
  static <T> Future<T> pass(String step, Supplier<Future<T>> rest) {
    Hook current = hook;
    if (current == null) {
      return rest.get();
    }
    Promise<T> done = Promise.promise();
    current.pass(step, () -> {
      try {
        rest.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
