package dev.switchboard.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The scenarios of the gateway benchmark.
 */
enum GatewayScenario {

  /** Broadcast fan-out: deliveries/s and send-to-receive latency. */
  FANOUT("fanout"),
  /** Memory per idle connection. */
  MEMORY("memory"),
  /** Slow-consumer isolation: stalled clients next to normal ones. */
  SLOW("slow");

  private final String key;

  GatewayScenario(String key) {
    this.key = key;
  }

  /**
   * @param key a key as given on the command line
   * @return the scenario
   * @throws IllegalArgumentException when there is none of that key
   */
  static GatewayScenario of(String key) {
    for (GatewayScenario scenario : values()) {
      if (scenario.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("unknown scenario " + key + " (known: "
        + Arrays.stream(values()).map(GatewayScenario::key).collect(Collectors.joining(",")) + ")");
  }

  /**
   * @return the key: command line, CSV
   */
  String key() {
    return key;
  }
}
