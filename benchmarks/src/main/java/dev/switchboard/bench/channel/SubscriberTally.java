package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Latencies;
import org.HdrHistogram.Histogram;

/**
 * What one subscriber of a cell received: how many events, whether in publish order, and the
 * publish-to-delivery latency of those received in the measured window.
 *
 * <p>Threading: {@link #onMessage(String)} runs on the subscriber's context only; the main thread
 * reads the figures after {@link #received()} (volatile, written last) showed them complete.
 */
final class SubscriberTally {

  private final Histogram latencies = Latencies.histogram();
  private long origin;
  private long windowStart;
  private long windowEnd;
  private long expected;
  private long gaps;
  private long missing;
  private long backwards;
  private long inWindow;
  private long malformed;
  private volatile long received;

  /**
   * Sets the cell's times; call it on the subscriber's context before the first publish.
   *
   * @param origin      the cell's origin ({@link System#nanoTime()}), the zero of payload times
   * @param windowStart start of the measured window ({@link System#nanoTime()})
   * @param windowEnd   end of the measured window ({@link System#nanoTime()})
   */
  void begin(long origin, long windowStart, long windowEnd) {
    this.origin = origin;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
  }

  /**
   * Counts one received payload.
   *
   * @param payload the payload
   */
  void onMessage(String payload) {
    long now = System.nanoTime();
    long seq;
    long sent;
    try {
      seq = Payload.seq(payload);
      sent = origin + Payload.offsetNanos(payload);
    } catch (RuntimeException e) {
      malformed++;
      received = received + 1;
      return;
    }
    if (seq == expected) {
      expected++;
    } else if (seq > expected) {
      gaps++;
      missing += seq - expected;
      expected = seq + 1;
    } else {
      backwards++;
    }
    if (now - windowStart >= 0 && now - windowEnd < 0) {
      inWindow++;
      Latencies.record(latencies, now - sent);
    }
    received = received + 1;
  }

  /**
   * @return events received so far (volatile: read it first)
   */
  long received() {
    return received;
  }

  /**
   * @return events received within the measured window
   */
  long inWindow() {
    return inWindow;
  }

  /**
   * @return times a sequence number was skipped (one or more events missing in between)
   */
  long gaps() {
    return gaps;
  }

  /**
   * @return events skipped over by a later one (lost, or arriving late)
   */
  long missing() {
    return missing;
  }

  /**
   * @return events whose sequence number was not above the last one seen (duplicate or
   *     reordered)
   */
  long backwards() {
    return backwards;
  }

  /**
   * @return payloads that were not the benchmark's
   */
  long malformed() {
    return malformed;
  }

  /**
   * @return the publish-to-delivery latencies of the measured window, nanoseconds
   */
  Histogram latencies() {
    return latencies;
  }
}
