package dev.switchboard.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitsTest {

  @Test
  void aConnectionWithoutAnAddressCountsTowardTheMaximumOnly() {
    ConnectionLimits limits = new ConnectionLimits(3, 1);
    assertThat(limits.admit(null)).isNull(); // e.g. a trusted proxy's, before its client is known
    assertThat(limits.admit(null)).isNull();
    assertThat(limits.admit("203.0.113.1")).isNull();
    assertThat(limits.admit("203.0.113.2")).isEqualTo(ConnectionLimits.Refusal.MAX_CONNECTIONS);
    limits.release(null);
    assertThat(limits.admit("203.0.113.1")).isEqualTo(ConnectionLimits.Refusal.MAX_PER_ADDRESS);
    assertThat(limits.admit("203.0.113.2")).isNull();
    assertThat(limits.open()).isEqualTo(3);
    limits.release("203.0.113.1");
    limits.release("203.0.113.2");
    limits.release(null);
    assertThat(limits.open()).isZero();
    assertThat(limits.admit("203.0.113.1")).isNull(); // its place was given back
  }
}
