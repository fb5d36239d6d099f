package dev.switchboard.gateway.impl;

import dev.switchboard.testkit.HeldStep;

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

  private final HeldStep held = new HeldStep();

  private RoutingRace(String step) {
    RaceWindow.set((passing, rest) -> {
      if (passing.equals(step)) {
        held.pass(rest);
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
    held.awaitHeld("the routing step");
  }

  /** Runs the held step's rest on this thread. */
  public void release() {
    held.release();
  }

  @Override
  public void close() {
    RaceWindow.set(null);
    held.releaseIfHeld();
  }
}
