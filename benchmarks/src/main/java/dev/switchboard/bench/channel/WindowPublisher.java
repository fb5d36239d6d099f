package dev.switchboard.bench.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The publisher of a cell: publishes sequence-numbered {@link Payload}s as fast as the server
 * acknowledges them, with at most {@code window} publishes unacknowledged, until the end of the
 * measured window; then waits for the last acknowledgements. It stops at the first failed
 * publish. With a rate, it publishes no faster than that many a second since the cell's origin
 * (the same schedule as {@code benchmarks/php/channel_publisher.php --rate}), the window still
 * bounding what is unacknowledged.
 *
 * <p>Threading: {@link #run()} and everything after it run on the connection's context; the main
 * thread reads the counters once {@link #run()}'s future completed.
 */
final class WindowPublisher {

  private final PubSubConnection connection;
  private final String channel;
  private final int window;
  private final long origin;
  private final long windowStart;
  private final long windowEnd;
  private final double rate;
  private final Promise<Void> done = Promise.promise();
  private boolean timerSet;
  private long nextSeq;
  private int inFlight;
  private long acked;
  private long ackedInWindow;
  private boolean stopped;
  private Throwable failure;

  /**
   * @param connection  the publisher's connection
   * @param channel     the channel
   * @param window      the most publishes unacknowledged at once
   * @param origin      the cell's origin ({@link System#nanoTime()}), the zero of payload times
   * @param windowStart start of the measured window ({@link System#nanoTime()})
   * @param windowEnd   end of the measured window: no publish is sent at or after it
   * @param rate        publishes a second at most, 0 for as fast as the window allows
   */
  WindowPublisher(PubSubConnection connection, String channel, int window, long origin,
                  long windowStart, long windowEnd, double rate) {
    this.connection = connection;
    this.channel = channel;
    this.window = window;
    this.origin = origin;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.rate = rate;
  }

  /**
   * Starts publishing on the connection's context.
   *
   * @return a future completed when publishing stopped and every publish sent was answered
   */
  Future<Void> run() {
    connection.context().runOnContext(v -> fill());
    return done.future();
  }

  private void fill() {
    while (!stopped && inFlight < window) {
      long now = System.nanoTime();
      if (now - windowEnd >= 0) {
        stopped = true;
        break;
      }
      if (rate > 0 && nextSeq >= due(now)) {
        paceLater(now);
        break;
      }
      inFlight++;
      connection.publish(channel, Payload.encode(nextSeq++, now - origin))
          .onComplete(ar -> answered(ar.failed() ? ar.cause() : null));
    }
    if (stopped && inFlight == 0) {
      done.tryComplete();
    }
  }

  /** @return publishes the rate allows by {@code now}, counted from the cell's origin */
  private long due(long now) {
    return (long) ((now - origin) / 1e9 * rate) + 1;
  }

  private void paceLater(long now) {
    if (timerSet) {
      return;
    }
    timerSet = true;
    long next = origin + (long) (nextSeq / rate * 1e9);
    // on this context: the timer is set from its thread
    connection.context().owner().setTimer(Math.max(1, (next - now) / 1_000_000), id -> {
      timerSet = false;
      fill();
    });
  }

  private void answered(Throwable error) {
    inFlight--;
    if (error == null) {
      acked++;
      long now = System.nanoTime();
      if (now - windowStart >= 0 && now - windowEnd < 0) {
        ackedInWindow++;
      }
    } else if (failure == null) {
      failure = error;
      stopped = true;
    }
    fill();
  }

  /**
   * @return publishes sent
   */
  long sent() {
    return nextSeq;
  }

  /**
   * @return publishes acknowledged
   */
  long acked() {
    return acked;
  }

  /**
   * @return publishes acknowledged within the measured window
   */
  long ackedInWindow() {
    return ackedInWindow;
  }

  /**
   * @return the first failed publish's cause, or null
   */
  Throwable failure() {
    return failure;
  }
}
