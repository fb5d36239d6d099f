package dev.switchboard.channel.server.impl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthThrottleTest {

  private final AuthThrottle throttle = new AuthThrottle(3, 1_000, 8_000);

  @Test
  void anAddressIsBannedAfterTheLimitAndEachFurtherFailureDoublesTheBan() {
    throttle.failed("a", 0);
    throttle.failed("a", 0);
    assertThat(throttle.banned("a", 0)).isFalse();
    throttle.failed("a", 0);
    assertThat(throttle.banned("a", 999)).isTrue();
    assertThat(throttle.banned("a", 1_000)).isFalse();
    throttle.failed("a", 1_000);
    assertThat(throttle.banned("a", 2_999)).isTrue();
    assertThat(throttle.banned("a", 3_000)).isFalse();
    for (int i = 0; i < 40; i++) {
      throttle.failed("a", 3_000);
    }
    assertThat(throttle.banned("a", 3_000 + 7_999)).isTrue(); // capped, never overflowing
    assertThat(throttle.banned("a", 3_000 + 8_000)).isFalse();
    assertThat(throttle.banned("b", 3_000)).isFalse();
    assertThat(throttle.bannedCount(3_000)).isEqualTo(1);
  }

  @Test
  void failuresAreForgottenAfterAQuietPeriod() {
    throttle.failed("a", 0);
    throttle.failed("a", 0);
    throttle.failed("a", 8_001);
    assertThat(throttle.banned("a", 8_001)).isFalse();
  }

  @Test
  void theTableStaysBoundedAndKeepsItsBans() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("banned", 0);
    }
    for (int i = 0; i < AuthThrottle.MAX_ADDRESSES + 10; i++) {
      throttle.failed("10.0." + i, 0);
    }
    assertThat(throttle.banned("banned", 1)).isTrue();
    assertThat(throttle.size()).isLessThanOrEqualTo(AuthThrottle.MAX_ADDRESSES);
  }
}
