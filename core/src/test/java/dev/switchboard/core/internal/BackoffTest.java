package dev.switchboard.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

  @Test
  void delayDoublesPerAttemptWithJitterUpToTheCap() {
    Backoff backoff = new Backoff(100, 1_000);
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delay(0)).isBetween(50L, 100L);
      assertThat(backoff.delay(2)).isBetween(200L, 400L);
      assertThat(backoff.delay(10)).isBetween(500L, 1_000L);
      assertThat(backoff.delay(60)).isBetween(500L, 1_000L);
    }
  }

  @Test
  void ceilingDoublesPerAttemptWithoutJitterUpToTheCap() {
    Backoff backoff = new Backoff(10, 500);
    assertThat(java.util.stream.IntStream.range(0, 8).mapToLong(backoff::ceiling).toArray())
        .containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 500L, 500L);
    assertThat(backoff.ceiling(1_000)).isEqualTo(500);
  }
}
