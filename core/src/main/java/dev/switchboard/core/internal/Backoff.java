package dev.switchboard.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff: attempt n (from 0) waits {@code min(max, initial * 2^n)} ms, {@link
 * #delay(int) with jitter} (a random time between half and all of it, so that clients cut off
 * together do not come back together) or {@link #ceiling(int) without}. The one retry schedule
 * of the modules: the channel client's reconnects, the gateway's retries of business events.
 *
 * <p>Immutable; thread-safe.
 *
 * @param initial the first delay, in milliseconds, positive
 * @param max     the cap, in milliseconds, at least {@code initial}
 */
public record Backoff(long initial, long max) {

  /**
   * @param attempt the attempt, from 0
   * @return the delay before it with jitter: between half and all of {@link #ceiling(int)}
   */
  public long delay(int attempt) {
    long full = ceiling(attempt);
    long half = Math.max(1, full / 2);
    return half + ThreadLocalRandom.current().nextLong(full - half + 1);
  }

  /**
   * @param attempt the attempt, from 0
   * @return the delay before it without jitter: {@code min(max, initial * 2^attempt)}
   */
  public long ceiling(int attempt) {
    return Math.min(max, initial << Math.min(attempt, 30));
  }
}
