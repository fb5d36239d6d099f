package dev.switchboard.bench.globaldata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisBenchmarkTest {

  private static final String HEADER = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\","
      + "\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n";

  @Test
  void readsRateAndPercentilesOfTheCsvOutput() {
    RedisBenchmark.Result r = RedisBenchmark.parse(HEADER + "\"INCR\",\"105263.16\",\"0.247\","
        + "\"0.088\",\"0.239\",\"0.351\",\"0.463\",\"1.087\"\n", 1, 16, 500_000);
    assertThat(r.keyCount()).isEqualTo(1);
    assertThat(r.clients()).isEqualTo(16);
    assertThat(r.requests()).isEqualTo(500_000);
    assertThat(r.opsPerSecond()).isEqualTo(105263.16);
    assertThat(r.p50Micros()).isCloseTo(239, within(1e-9));
    assertThat(r.p99Micros()).isCloseTo(463, within(1e-9));
    assertThat(r.serverCpuMicrosPerOp()).isEqualTo(-1);
    assertThat(r.machineBusy()).isEqualTo(-1);
  }

  @Test
  void readsTheLineOfARandomKeyCommand() {
    RedisBenchmark.Result r = RedisBenchmark.parse("noise\r\n" + HEADER
        + "\"INCR key:__rand_int__\",\"80000.00\",\"0.5\",\"0.1\",\"0.4\",\"0.9\",\"1.2\",\"3\"",
        10_000, 64, 1_000);
    assertThat(r.opsPerSecond()).isEqualTo(80_000);
    assertThat(r.p99Micros()).isCloseTo(1_200, within(1e-9));
  }

  @Test
  void failsOnOutputWithoutAnIncrLine() {
    assertThatThrownBy(() -> RedisBenchmark.parse(HEADER, 1, 1, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("unexpected redis-benchmark output");
  }
}
