package dev.switchboard.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For tests that widen a race through a production hook: the first pass of a step is held (its
 * rest kept, not run) until the test releases it; every later pass runs straight on.
 *
 * <p>Thread-safe.
 */
public final class HeldStep {

  private final CountDownLatch reached = new CountDownLatch(1);
  private final AtomicReference<Runnable> held = new AtomicReference<>();
  private final AtomicBoolean armed = new AtomicBoolean(true);

  /**
   * A pass of the step: held if it is the first, else run now.
   *
   * @param rest what follows the step
   */
  public void pass(Runnable rest) {
    if (armed.compareAndSet(true, false)) {
      held.set(rest);
      reached.countDown();
    } else {
      rest.run();
    }
  }

  /**
   * Waits until the step was reached and held (at most 30 s).
   *
   * @param what the step, for the failure's message
   */
  public void awaitHeld(String what) throws InterruptedException {
    if (!reached.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError(what + " was not reached within 30 s");
    }
  }

  /** Runs the held step's rest on this thread. */
  public void release() {
    Runnable rest = held.getAndSet(null);
    if (rest == null) {
      throw new IllegalStateException("nothing held");
    }
    rest.run();
  }

  /** Runs the held step's rest, if one is still held (the test ends). */
  public void releaseIfHeld() {
    Runnable rest = held.getAndSet(null);
    if (rest != null) {
      rest.run();
    }
  }
}
