package dev.switchboard.bench.common;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies of one caller, in nanoseconds, in a growable array with a hard cap: samples past the
 * cap are counted as dropped rather than stored, so memory stays bounded whatever the rate.
 *
 * <p>Not thread-safe: written by its caller's event-loop thread only, read after the caller is
 * done.
 */
public final class LatencyRecorder {

  private static final int INITIAL_CAPACITY = 4_096;

  private final int cap;
  private long[] samples = new long[INITIAL_CAPACITY];
  private int size;
  private long dropped;

  /**
   * @param cap the most samples kept, positive
   */
  public LatencyRecorder(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be >= 1");
    }
    this.cap = cap;
  }

  /**
   * @param nanos one latency in nanoseconds
   */
  public void record(long nanos) {
    if (size == samples.length) {
      if (size >= cap) {
        dropped++;
        return;
      }
      samples = Arrays.copyOf(samples, (int) Math.min(cap, 2L * size));
    }
    samples[size++] = nanos;
  }

  /**
   * @return how many samples are stored
   */
  public int size() {
    return size;
  }

  /**
   * @return how many samples were dropped at the cap
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Merges the samples of several recorders into one sorted array.
   *
   * @param recorders the recorders
   * @return every stored sample, ascending
   */
  public static long[] sortedUnion(List<LatencyRecorder> recorders) {
    int total = recorders.stream().mapToInt(r -> r.size).sum();
    long[] all = new long[total];
    int at = 0;
    for (LatencyRecorder r : recorders) {
      System.arraycopy(r.samples, 0, all, at, r.size);
      at += r.size;
    }
    Arrays.sort(all);
    return all;
  }

  /**
   * Nearest-rank percentile of sorted samples.
   *
   * @param sorted   ascending samples
   * @param quantile between 0 (exclusive) and 1 (inclusive), e.g. 0.99
   * @return the sample at that rank, or -1 when there is none
   */
  public static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
