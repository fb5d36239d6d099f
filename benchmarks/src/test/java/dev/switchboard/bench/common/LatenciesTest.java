package dev.switchboard.bench.common;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LatenciesTest {

  @Test
  void percentilesOfMergedHistogramsAreThoseOfAllTheirLatencies() {
    Histogram low = Latencies.histogram();
    Histogram high = Latencies.histogram();
    for (int i = 1; i <= 1_000; i++) {
      Latencies.record(low, i * 1_000L);  // 1 µs .. 1 ms
      Latencies.record(high, 1_000_000L + i * 1_000L);  // 1.001 ms .. 2 ms
    }
    Histogram all = Latencies.merge(List.of(low, high));
    assertThat(all.getTotalCount()).isEqualTo(2_000);
    // nearest rank: the 1,000th of 2,000 values is 1,000 µs, the 1,980th 1,980 µs
    assertThat(Latencies.percentileMicros(all, 0.50)).isCloseTo(1_000, within(1.0));
    assertThat(Latencies.percentileMicros(all, 0.99)).isCloseTo(1_980, within(2.0));
    assertThat(Latencies.percentileMicros(all, 1.0)).isCloseTo(2_000, within(2.0));
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    assertThat(Latencies.percentileMicros(Latencies.histogram(), 0.99)).isEqualTo(-1);
    assertThat(Latencies.percentileMicros(Latencies.merge(List.of()), 0.5)).isEqualTo(-1);
  }

  @Test
  void aNegativeLatencyCountsAsZero() {
    Histogram h = Latencies.histogram();
    Latencies.record(h, -5);
    assertThat(h.getTotalCount()).isEqualTo(1);
    assertThat(Latencies.percentileMicros(h, 0.5)).isZero();
  }

  @Test
  void largeLatenciesAreKeptWithinATenthOfAPercent() {
    Histogram h = Latencies.histogram();
    Latencies.record(h, 30_000_000_000L); // 30 s
    assertThat(Latencies.percentileMicros(h, 0.5)).isCloseTo(30_000_000, within(30_000.0));
  }
}
