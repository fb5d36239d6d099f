package dev.switchboard.gateway.impl.business;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For tests: holds back the end of a business node's drain ({@link DrainWindow}); meanwhile the
 * node drops, unanswered, what reaches it, as Vert.x does to what reaches a node whose consumers
 * are gone. The window in which a gateway can lose an event to a node that stops, widened.
 */
public final class DrainRace implements AutoCloseable {

  private final CountDownLatch reached = new CountDownLatch(1);
  private final AtomicReference<Runnable> held = new AtomicReference<>();
  private final Semaphore dropped = new Semaphore(0);

  private DrainRace(String business) {
    DrainWindow.set(new DrainWindow.Hook() {
      @Override
      public void drained(String drainedBusiness, Runnable rest) {
        if (drainedBusiness.equals(business) && held.compareAndSet(null, rest)) {
          reached.countDown();
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
    if (!reached.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no node of the business drained within 30 s");
    }
  }

  /** Waits until the held node has dropped {@code events} more events (at most 30 s). */
  public void awaitDropped(int events) throws InterruptedException {
    if (!dropped.tryAcquire(events, 30, TimeUnit.SECONDS)) {
      throw new AssertionError(events + " events were not dropped within 30 s");
    }
  }

  /** Lets the held drain end: the node says it has left, and Vert.x goes on to undeploy it. */
  public void release() {
    Runnable rest = held.getAndSet(null);
    if (rest == null) {
      throw new IllegalStateException("nothing held");
    }
    rest.run();
  }

  @Override
  public void close() {
    DrainWindow.set(null);
    Runnable rest = held.getAndSet(null);
    if (rest != null) {
      rest.run();
    }
  }
}
