package dev.switchboard.bench.channel;

import io.vertx.core.json.JsonArray;

import java.util.Map;
import java.util.TreeMap;

/**
 * The latency histograms of the PHP subscribers ({@code benchmarks/php/bench_lib.php},
 * {@code sb_bucket}), merged: log-linear buckets of nanoseconds, the value itself below
 * {@code 2 * SUB_BUCKETS}, else its top 8 bits and its exponent (relative error below 1/128, as
 * against the 3 significant digits of the Java subscribers' HdrHistogram). Each subscriber prints
 * its histogram as a flat list: key, count, key, count...
 *
 * <p>Not thread-safe: filled and read by the main thread.
 */
final class PhpHistogram {

  /** Sub-buckets per power of two, as {@code SB_SUB_BUCKETS} in bench_lib.php. */
  static final int SUB_BUCKETS = 128;

  private final TreeMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  /**
   * The bucket of a value, as the PHP scripts compute it.
   *
   * @param nanos a latency, nanoseconds
   * @return its bucket key
   */
  static int bucket(long nanos) {
    if (nanos < 2 * SUB_BUCKETS) {
      return (int) Math.max(0, nanos);
    }
    int shift = 64 - Long.numberOfLeadingZeros(nanos) - 8;
    return (int) (shift * SUB_BUCKETS + (nanos >> shift));
  }

  /**
   * @param key a bucket key
   * @return the smallest value of that bucket, nanoseconds
   */
  static long floor(int key) {
    if (key < 2 * SUB_BUCKETS) {
      return key;
    }
    int shift = key / SUB_BUCKETS - 1;
    return (long) (key - shift * SUB_BUCKETS) << shift;
  }

  /**
   * Adds one subscriber's histogram.
   *
   * @param flat key, count, key, count... (JSON numbers)
   * @throws IllegalArgumentException when the list is not pairs of non-negative integers
   */
  void add(JsonArray flat) {
    if (flat.size() % 2 != 0) {
      throw new IllegalArgumentException("a histogram of " + flat.size() + " numbers, not pairs");
    }
    for (int i = 0; i < flat.size(); i += 2) {
      Object key = flat.getValue(i);
      Object count = flat.getValue(i + 1);
      if (!(key instanceof Number k) || !(count instanceof Number c) || k.longValue() < 0
          || k.longValue() > Integer.MAX_VALUE || c.longValue() < 0) {
        throw new IllegalArgumentException("bad histogram entry " + key + ": " + count);
      }
      counts.merge(k.intValue(), c.longValue(), Long::sum);
      total += c.longValue();
    }
  }

  /**
   * @return values recorded
   */
  long total() {
    return total;
  }

  /**
   * The value at a quantile, nearest rank: the largest value of its bucket, as HdrHistogram
   * reports the Java subscribers' ({@link dev.switchboard.bench.common.Latencies}).
   *
   * @param quantile between 0 (exclusive) and 1 (inclusive)
   * @return microseconds, or -1 when nothing was recorded
   */
  double percentileMicros(double quantile) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return (floor(e.getKey() + 1) - 1) / 1_000.0;
      }
    }
    return (floor(counts.lastKey() + 1) - 1) / 1_000.0;
  }
}
