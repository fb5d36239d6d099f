package dev.switchboard.bench.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.locks.LockSupport;

/**
 * The publisher of a paced cell: publish {@code k} is due at {@code start + k / rate} and carries
 * that intended time in its payload, whenever it actually goes out, so the subscribers measure
 * from the schedule (coordinated-omission-safe: a stall of the publisher, the server or the
 * acknowledgements shows in the latency of every publish it delayed, rather than delaying the
 * publishes themselves out of the measurement). A pacing thread of its own sleeps until each due
 * time and wakes the connection's context, which sends every publish due by then, with at most
 * {@code window} unacknowledged (a publish held by the window keeps its intended time).
 *
 * <p>Threading: {@link #run()} from any thread; the sending and the counters on the connection's
 * context (its own event loop: nothing else of the load generator runs there); the main thread
 * reads the counters once {@link #run()}'s future completed.
 */
final class PacedPublisher {

  private final PubSubConnection connection;
  private final Context context;
  private final String channel;
  private final int window;
  private final long origin;
  private final long start;
  private final long windowEnd;
  private final double intervalNanos;
  private final Promise<Void> done = Promise.promise();
  private long nextSeq;
  private int inFlight;
  private long acked;
  private boolean stopped;
  private Throwable failure;

  /**
   * @param connection the publisher's connection
   * @param channel    the channel
   * @param window     the most publishes unacknowledged at once
   * @param origin     the cell's origin ({@link System#nanoTime()}), the zero of payload times
   * @param start      when publish 0 is due ({@link System#nanoTime()})
   * @param windowEnd  end of the measured window: no publish due at or after it is sent
   * @param rate       publishes a second, positive
   */
  PacedPublisher(PubSubConnection connection, String channel, int window, long origin,
                 long start, long windowEnd, double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    this.connection = connection;
    this.context = connection.context();
    this.channel = channel;
    this.window = window;
    this.origin = origin;
    this.start = start;
    this.windowEnd = windowEnd;
    this.intervalNanos = 1e9 / rate;
  }

  /**
   * Starts the pacing thread.
   *
   * @return a future completed when every publish due before the window's end was sent and
   *     answered, or at the first failed one
   */
  Future<Void> run() {
    Thread pacer = new Thread(this::pace, "paced-publisher");
    pacer.setDaemon(true);
    pacer.start();
    return done.future();
  }

  /** @return when publish {@code seq} is due ({@link System#nanoTime()}) */
  long due(long seq) {
    return start + (long) (seq * intervalNanos);
  }

  /**
   * @return how many publishes are due by {@code now}: those whose due time is at or before it
   */
  long dueBy(long now) {
    return now - start < 0 ? 0 : (long) ((now - start) / intervalNanos) + 1;
  }

  private void pace() {
    long seq = 0;
    while (true) {
      long due = due(seq);
      if (due - windowEnd >= 0) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      context.runOnContext(v -> fill());
      seq = Math.max(seq + 1, dueBy(System.nanoTime()));
    }
    context.runOnContext(v -> {
      stopped = true;
      fill();
    });
  }

  /** On the context: sends what is due and fits the window. */
  private void fill() {
    long limit = Math.min(dueBy(System.nanoTime()), dueBy(windowEnd - 1));
    while (failure == null && nextSeq < limit && inFlight < window) {
      long seq = nextSeq++;
      inFlight++;
      connection.publish(channel, Payload.encode(seq, due(seq) - origin))
          .onComplete(ar -> answered(ar.failed() ? ar.cause() : null));
    }
    boolean finished = failure != null || stopped && nextSeq >= dueBy(windowEnd - 1);
    if (finished && inFlight == 0) {
      done.tryComplete();
    }
  }

  private void answered(Throwable error) {
    inFlight--;
    if (error == null) {
      acked++;
    } else if (failure == null) {
      failure = error;
    }
    fill();
  }

  /** @return publishes sent */
  long sent() {
    return nextSeq;
  }

  /** @return publishes acknowledged */
  long acked() {
    return acked;
  }

  /** @return the first failed publish's cause, or null */
  Throwable failure() {
    return failure;
  }
}
