package dev.switchboard.channel.server;

import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Subscriber;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber that records each event's data, except the data {@code "stall"}, which stalls the
 * delivering node's context until {@link #release} (at most 60 s): a peer falling behind, for the
 * tests of the federation's hold and peer window.
 *
 * <p>Thread-safe: its state is latches and a concurrent queue.
 */
final class StallingSubscriber implements Subscriber {

  /** Counted down once the stall has begun. */
  final CountDownLatch stalled = new CountDownLatch(1);
  /** Ends the stall. */
  final CountDownLatch release = new CountDownLatch(1);
  /** The data received, in order, the stall excluded. */
  final ConcurrentLinkedQueue<Object> received = new ConcurrentLinkedQueue<>();

  @Override
  public void deliver(Delivery delivery) {
    Object data = delivery.data();
    if ("stall".equals(data)) {
      stalled.countDown();
      try {
        release.await(60, TimeUnit.SECONDS); // the node's context, stalled on purpose
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    received.add(data);
  }
}
