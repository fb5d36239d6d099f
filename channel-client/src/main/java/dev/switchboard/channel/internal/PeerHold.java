package dev.switchboard.channel.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Back-pressure of one peer's event window on the publishers of this node: while more than
 * {@link #mark()} bytes sent to the peer are unacknowledged, the channel server holds the
 * acknowledgement of a publish that went to it ({@link #room(PeerWindow)}), so a publisher that
 * waits for its acknowledgements (a window of unacknowledged publishes, as any pipelining client
 * has) sends no faster than the peer handles its events, and the queue between the two nodes
 * stays near the mark rather than growing to the window's bound (where events are dropped). Only
 * the acknowledgement waits: the event itself has gone (at most once, in publish order), and the
 * window's bound and policy apply as before to whatever is sent regardless.
 *
 * <p>A peer that does not bring its window back under the mark within {@link #MAX_HOLD_MS}
 * (stalled, frozen, cut off) releases every acknowledgement held and holds no more until it does:
 * one stalled peer never stops the node's publishers for longer, and the window then fills to its
 * bound, where {@code DROP} or {@code DISCONNECT_PEER} applies as documented.
 *
 * <p>Threading: any thread; the state is guarded by this object's lock; futures are completed
 * outside it (their handlers run on the completing thread: hop to your context).
 */
final class PeerHold {

  private static final Logger LOG = LoggerFactory.getLogger(PeerHold.class);

  /** Unacknowledged bytes above which acknowledgements are held, unless the bound is lower. */
  static final long HOLD_BYTES = 128 * 1024;

  /** Longest time an acknowledgement is held, in milliseconds. */
  static final long MAX_HOLD_MS = 1_000;

  private static final Future<Void> NOW = Future.succeededFuture();

  private final Vertx vertx;
  private final long mark;
  private final LongAdder held = new LongAdder();
  private final LongAdder overdueTimes = new LongAdder();
  private List<Promise<Void>> waiting;
  private boolean overdue;

  /**
   * @param vertx the node's Vert.x, for the hold's time bound; null for none (unit tests)
   * @param max   the window's bound, {@code maxPeerBufferSize}
   */
  PeerHold(Vertx vertx, long max) {
    this.vertx = vertx;
    this.mark = Math.max(1, Math.min(HOLD_BYTES, max / 2));
  }

  /** @return the unacknowledged bytes above which acknowledgements are held */
  long mark() {
    return mark;
  }

  /**
   * @param window the peer's event window, just sent through
   * @return a future completed once the window is back under the mark (or the hold timed out, or
   *     the peer was forgotten): already completed in the common case
   */
  Future<Void> room(PeerWindow window) {
    if (window.inFlight() < mark) {
      return NOW;
    }
    synchronized (this) {
      if (overdue || window.inFlight() < mark) { // again, under the lock
        return NOW;
      }
      if (waiting == null) {
        List<Promise<Void>> mine = new ArrayList<>();
        waiting = mine;
        if (vertx != null) {
          vertx.setTimer(MAX_HOLD_MS, t -> expire(window, mine));
        }
      }
      Promise<Void> promise = Promise.promise();
      waiting.add(promise);
      held.increment();
      return promise.future();
    }
  }

  /**
   * Takes the window's bytes in flight after an acknowledgement: under the mark, the held
   * acknowledgements go and holding starts again.
   */
  void acked(long inFlight) {
    if (inFlight < mark) {
      releaseAll(false);
    }
  }

  private void expire(PeerWindow window, List<Promise<Void>> list) {
    synchronized (this) {
      if (waiting != list) {
        return; // released since
      }
      overdue = true;
      waiting = null;
    }
    overdueTimes.increment();
    LOG.warn("Channel peer node {} kept {} bytes unacknowledged for {} ms; publishes no longer "
        + "held for it until it acknowledges (the window's bound and policy apply)",
        window.peer(), window.inFlight(), MAX_HOLD_MS);
    complete(list);
  }

  /** Releases everything held and holds no more: the peer is forgotten. */
  void close() {
    releaseAll(true);
  }

  /** @param stop hold nothing from now on (else: hold again past the mark) */
  private void releaseAll(boolean stop) {
    List<Promise<Void>> release;
    synchronized (this) {
      overdue = stop;
      release = waiting;
      waiting = null;
    }
    complete(release);
  }

  private static void complete(List<Promise<Void>> release) {
    if (release != null) {
      release.forEach(Promise::tryComplete);
    }
  }

  /** @return acknowledgements held since the window opened */
  long held() {
    return held.sum();
  }

  /** @return times the peer kept its window above the mark past the time bound */
  long overdueTimes() {
    return overdueTimes.sum();
  }
}
