package dev.switchboard.bench.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The publisher of a cell: publishes sequence-numbered {@link Payload}s as fast as the server
 * acknowledges them, with at most {@code window} publishes unacknowledged, until the end of the
 * measured window; then waits for the last acknowledgements. It stops at the first failed
 * publish.
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
  private final Promise<Void> done = Promise.promise();
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
   */
  WindowPublisher(PubSubConnection connection, String channel, int window, long origin,
                  long windowStart, long windowEnd) {
    this.connection = connection;
    this.channel = channel;
    this.window = window;
    this.origin = origin;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
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
      inFlight++;
      connection.publish(channel, Payload.encode(nextSeq++, now - origin))
          .onComplete(ar -> answered(ar.failed() ? ar.cause() : null));
    }
    if (stopped && inFlight == 0) {
      done.tryComplete();
    }
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
