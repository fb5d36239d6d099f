package dev.switchboard.gateway.impl;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For tests: holds back the first pass of one step of a routing change ({@link RaceWindow}), so
 * that a test can make a change of its own in between, then lets it go on.
 */
public final class RoutingRace implements AutoCloseable {

  /** A join, after looking its client up, before the membership lock. */
  public static final String JOIN = RaceWindow.JOIN;
  /** A bind, after looking its client up, before the membership lock. */
  public static final String BIND = RaceWindow.BIND;
  /** A closed connection, gone from the registry, before it leaves its groups and uid. */
  public static final String LEAVING = RaceWindow.LEAVING;
  /** A closed connection's interest change, after its membership change. */
  public static final String CLOSED = RaceWindow.CLOSED;

  private final CountDownLatch reached = new CountDownLatch(1);
  private final AtomicReference<Runnable> held = new AtomicReference<>();
  private final AtomicBoolean armed = new AtomicBoolean(true);

  private RoutingRace(String step) {
    RaceWindow.set((passing, rest) -> {
      if (passing.equals(step) && armed.compareAndSet(true, false)) {
        held.set(rest);
        reached.countDown();
      } else {
        rest.run();
      }
    });
  }

  /**
   * @param step the step to hold back once
   * @return the race; close it to remove the hook
   */
  public static RoutingRace hold(String step) {
    return new RoutingRace(step);
  }

  /** Waits until the step was reached and held (at most 30 s). */
  public void awaitHeld() throws InterruptedException {
    if (!reached.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the routing step was not reached within 30 s");
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

  @Override
  public void close() {
    RaceWindow.set(null);
    Runnable rest = held.getAndSet(null);
    if (rest != null) {
      rest.run();
    }
  }
}
