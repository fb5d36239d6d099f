package dev.switchboard.bench.channel;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PhpHistogramTest {

  @Test
  void smallValuesAreTheirOwnBucket() {
    for (long v = 0; v < 2 * PhpHistogram.SUB_BUCKETS; v++) {
      assertThat(PhpHistogram.bucket(v)).isEqualTo((int) v);
      assertThat(PhpHistogram.floor((int) v)).isEqualTo(v);
    }
  }

  @Test
  void bucketsGrowWithTheValueAndHoldItWithinOneInOneHundredTwentyEight() {
    int previous = -1;
    for (long v = 0; v < 5_000_000_000L; v = v < 1000 ? v + 1 : v + v / 997) {
      int key = PhpHistogram.bucket(v);
      assertThat(key).isGreaterThanOrEqualTo(previous);
      previous = key;
      long floor = PhpHistogram.floor(key);
      long next = PhpHistogram.floor(key + 1);
      assertThat(v).isBetween(floor, next - 1);
      assertThat((double) (next - floor)).isLessThanOrEqualTo(Math.max(1, v / 128.0));
    }
  }

  @Test
  void theBucketsMatchThePhpScriptsFigures() {
    // sb_bucket() in benchmarks/php/bench_lib.php: 256 -> 256, 511 -> 383, 512 -> 384,
    // 1_000_000 (20 bits) -> 12 * 128 + (1_000_000 >> 12) = 1536 + 244
    assertThat(PhpHistogram.bucket(256)).isEqualTo(256);
    assertThat(PhpHistogram.bucket(511)).isEqualTo(383);
    assertThat(PhpHistogram.bucket(512)).isEqualTo(384);
    assertThat(PhpHistogram.bucket(1_000_000)).isEqualTo(1780);
    assertThat(PhpHistogram.floor(1780)).isEqualTo(244L << 12);
  }

  @Test
  void percentilesAreNearestRankOverTheMergedSubscribers() {
    PhpHistogram h = new PhpHistogram();
    // one subscriber: 98 values of 100 ns; another: one of 1 ms and one of 2 ms
    h.add(new JsonArray().add(100).add(98));
    h.add(new JsonArray().add(PhpHistogram.bucket(1_000_000)).add(1)
        .add(PhpHistogram.bucket(2_000_000)).add(1));
    assertThat(h.total()).isEqualTo(100);
    assertThat(h.percentileMicros(0.50)).isEqualTo(0.1);
    assertThat(h.percentileMicros(0.98)).isEqualTo(0.1);
    assertThat(h.percentileMicros(0.99)).isCloseTo(1000, within(1000 / 128.0));
    assertThat(h.percentileMicros(1.0)).isCloseTo(2000, within(2000 / 128.0));
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    assertThat(new PhpHistogram().percentileMicros(0.99)).isEqualTo(-1);
  }

  @Test
  void aMalformedHistogramIsRefused() {
    PhpHistogram h = new PhpHistogram();
    assertThatThrownBy(() -> h.add(new JsonArray().add(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
    assertThatThrownBy(() -> h.add(new JsonArray().add(1).add(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad histogram entry");
    assertThatThrownBy(() -> h.add(new JsonArray().add("x").add(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(h.total()).isZero();
  }
}
