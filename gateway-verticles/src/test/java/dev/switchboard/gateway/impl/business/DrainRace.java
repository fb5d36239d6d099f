package dev.switchboard.gateway.impl.business;

import dev.switchboard.testkit.HeldStep;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * For tests: holds back the end of a business node's drain ({@link DrainWindow}); meanwhile the
 * node drops, unanswered, what reaches it, as Vert.x does to what reaches a node whose consumers
 * are gone. The window in which a gateway can lose an event to a node that stops, widened.
 */
public final class DrainRace implements AutoCloseable {

  private final HeldStep held = new HeldStep();
  private final Semaphore dropped = new Semaphore(0);

  private DrainRace(String business) {
    DrainWindow.set(new DrainWindow.Hook() {
      @Override
      public void drained(String drainedBusiness, Runnable rest) {
        if (drainedBusiness.equals(business)) {
          held.pass(rest);
        } else {
          rest.run();
        }
      }

      @Override
      public void dropped(String droppedBusiness, String type) {
        if (droppedBusiness.equals(business)) {
          dropped.release();
        }
      }
    });
  }

  /**
   * @param business the business whose next drain's end is held
   * @return the race; close it to remove the hook
   */
  public static DrainRace hold(String business) {
    return new DrainRace(business);
  }

  /** Waits until a node of the business is drained and held (at most 30 s). */
  public void awaitHeld() throws InterruptedException {
    held.awaitHeld("the end of a drain of the business");
  }

  /** Waits until the held node has dropped {@code events} more events (at most 30 s). */
  public void awaitDropped(int events) throws InterruptedException {
    if (!dropped.tryAcquire(events, 30, TimeUnit.SECONDS)) {
      throw new AssertionError(events + " events were not dropped within 30 s");
    }
  }

  /** Lets the held drain end: the node says it has left, and Vert.x goes on to undeploy it. */
  public void release() {
    held.release();
  }

  @Override
  public void close() {
    DrainWindow.set(null);
    held.releaseIfHeld();
  }
}
