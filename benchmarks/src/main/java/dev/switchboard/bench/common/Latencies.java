package dev.switchboard.bench.common;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * The benchmarks' latency histograms: HdrHistogram {@link Histogram}s of nanoseconds with 3
 * significant digits (a relative error under 0.1%), auto-resizing, so that memory stays small and
 * bounded whatever the rate; one per recording thread, merged once the recording is done.
 *
 * <p>Stateless; safe from any thread. A histogram it creates is not thread-safe: record into it
 * from one thread only, and read it after that thread is done.
 */
public final class Latencies {

  /** Significant decimal digits kept of every value. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private Latencies() {
  }

  /**
   * @return an empty histogram of nanoseconds
   */
  public static Histogram histogram() {
    return new Histogram(SIGNIFICANT_DIGITS);
  }

  /**
   * Records one latency; a negative one (clocks that went backwards) counts as 0.
   *
   * @param histogram the histogram
   * @param nanos     the latency in nanoseconds
   */
  public static void record(Histogram histogram, long nanos) {
    histogram.recordValue(Math.max(0, nanos));
  }

  /**
   * @param parts histograms of the same unit
   * @return one histogram holding every value of every part
   */
  public static Histogram merge(List<Histogram> parts) {
    Histogram all = histogram();
    parts.forEach(all::add);
    return all;
  }

  /**
   * The percentile as the benchmarks report it: the value at that rank (nearest rank), within
   * the histogram's precision.
   *
   * @param histogram a histogram of nanoseconds
   * @param quantile  between 0 (exclusive) and 1 (inclusive), e.g. 0.99
   * @return the percentile in microseconds, or -1 when the histogram is empty
   */
  public static double percentileMicros(Histogram histogram, double quantile) {
    if (histogram.getTotalCount() == 0) {
      return -1;
    }
    return histogram.getValueAtPercentile(100 * quantile) / 1_000.0;
  }
}
