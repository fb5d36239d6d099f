package dev.switchboard.gateway.impl;

import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's meters: every counter of {@code /status} is read by a meter, and their labels
 * are of a fixed, bounded set (never a value derived from a client).
 */
class GatewayMetersTest {

  @Test
  void everyStatusCounterIsReadByAMeter() {
    for (Counter counter : Counter.ALL) {
      long[] values = new long[Counter.ALL.length];
      values[counter.ordinal()] = 7;
      assertThat(GatewayMeters.BINDINGS).as(counter.name())
          .anyMatch(binding -> binding.value().applyAsDouble(values) != 0);
    }
  }

  @Test
  void labelsAreOfABoundedSetWithFixedValues() {
    Set<String> keys = Set.of("reason", "result");
    for (GatewayMeters.Binding binding : GatewayMeters.BINDINGS) {
      assertThat(binding.name()).startsWith("switchboard.gateway.");
      for (Tag tag : binding.tags()) {
        assertThat(keys).contains(tag.getKey());
        assertThat(tag.getValue()).matches("[a-z_]{2,20}");
      }
    }
  }

  @Test
  void sendFailByReasonAddsUpToTheStatusCounter() {
    long[] values = new long[Counter.ALL.length];
    values[Counter.SEND_FAIL.ordinal()] = 10;
    values[Counter.DROPPED.ordinal()] = 4;
    double sum = GatewayMeters.BINDINGS.stream()
        .filter(b -> b.name().equals("switchboard.gateway.send.fail"))
        .mapToDouble(b -> b.value().applyAsDouble(values)).sum();
    assertThat(sum).isEqualTo(10);
  }
}
