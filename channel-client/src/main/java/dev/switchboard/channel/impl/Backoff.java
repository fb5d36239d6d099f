package dev.switchboard.channel.impl;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits a random time between half and all of
 * {@code min(max, initial * 2^n)}, so that clients cut off together do not come back together.
 *
 * @param initial the first delay, in milliseconds
 * @param max     the cap, in milliseconds
 */
record Backoff(long initial, long max) {

  long delay(int attempt) {
    long full = Math.min(max, initial << Math.min(attempt, 30));
    long half = Math.max(1, full / 2);
    return half + ThreadLocalRandom.current().nextLong(full - half + 1);
  }
}
