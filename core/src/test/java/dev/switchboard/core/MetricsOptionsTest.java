package dev.switchboard.core;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults, copy, JSON round trip and validation of the metrics options. */
class MetricsOptionsTest {

  @Test
  void defaultsAreOnInternalAndWithoutAListener() {
    MetricsOptions options = new MetricsOptions();
    assertThat(options.isEnabled()).isTrue();
    assertThat(options.isPublicPort()).isFalse();
    assertThat(options.getPort()).isEqualTo(MetricsOptions.OFF);
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(MetricsOptions.of(new JsonObject()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void jsonRoundTripAndCopyKeepEveryValue() {
    MetricsOptions options = new MetricsOptions().setEnabled(false).setPublicPort(true)
        .setPort(9100).setHost("10.0.0.1");
    assertThat(new MetricsOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new MetricsOptions(options).toJson()).isEqualTo(options.toJson());
    assertThat(MetricsOptions.of(new JsonObject().put("metrics", options.toJson())).getPort())
        .isEqualTo(9100);
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> new MetricsOptions(new JsonObject().put("port", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics.port must be a number, got \"abc\"");
    assertThatThrownBy(() -> new MetricsOptions(new JsonObject().put("enabled", "no")))
        .hasMessage("metrics.enabled must be a boolean, got \"no\"");
    assertThatThrownBy(() -> new MetricsOptions(new JsonObject().put("publicPort", 1)))
        .hasMessage("metrics.publicPort must be a boolean, got 1");
    assertThatThrownBy(() -> new MetricsOptions(new JsonObject().put("host", 7)))
        .hasMessage("metrics.host must be a string, got 7");
    assertThatThrownBy(() -> MetricsOptions.of(new JsonObject().put("metrics", "on")))
        .hasMessage("metrics must be a JSON object, got \"on\"");
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestUnlessTheServersOptionsAreLenient() {
    assertThatThrownBy(() -> MetricsOptions.of(new JsonObject()
        .put("metrics", new JsonObject().put("prot", 9100))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("in \"metrics\": unknown option \"prot\" (did you mean \"port\"?)");
    MetricsOptions lenient = MetricsOptions.of(new JsonObject().put("strict", false)
        .put("metrics", new JsonObject().put("prot", 9100).put("port", 9101)));
    assertThat(lenient.getPort()).isEqualTo(9101);
    assertThatThrownBy(() -> MetricsOptions.of(new JsonObject().put("strict", false)
        .put("metrics", new JsonObject().put("port", "x"))))
        .as("a lenient server still checks the types")
        .hasMessage("metrics.port must be a number, got \"x\"");
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingItsKey() {
    for (Object port : new Object[] {70000, -2, 1.5}) {
      assertThatThrownBy(() -> new MetricsOptions(new JsonObject().put("port", port)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("metrics.port must be -1 (off), 0 (any free port) or 1-65535");
    }
    assertThatThrownBy(() -> new MetricsOptions().setPort(65536))
        .hasMessageStartingWith("metrics.port must be");
    assertThatThrownBy(() -> new MetricsOptions().setHost(" "))
        .hasMessage("metrics.host must not be blank");
  }
}
