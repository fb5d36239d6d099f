package dev.switchboard.gateway;

import dev.switchboard.core.MetricsOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessOptionsTest {

  @Test
  void readsItsKeys() {
    BusinessOptions options = new BusinessOptions(new JsonObject().put("business", "chat")
        .put("handler", "a.B"));
    assertThat(options.getBusiness()).isEqualTo("chat");
    assertThat(new BusinessOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("bussiness", "chat")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"bussiness\" (did you mean \"business\"?)");
  }

  @Test
  void aWrongJsonTypeNamesTheKey() {
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("handler", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handler must be a string, got 3");
  }

  @Test
  void metricsOptionsAreReadWrittenAndChecked() {
    assertThat(new BusinessOptions().getMetrics().toJson()).isEqualTo(new MetricsOptions().toJson());
    JsonObject metrics = new JsonObject().put("enabled", false).put("publicPort", false)
        .put("port", 9100).put("host", "0.0.0.0");
    BusinessOptions read = new BusinessOptions(new BusinessOptions().toJson().put("metrics", metrics));
    assertThat(read.getMetrics().isEnabled()).isFalse();
    assertThat(read.getMetrics().getPort()).isEqualTo(9100);
    assertThat(read.toJson().getJsonObject("metrics")).isEqualTo(metrics);
    assertThat(new BusinessOptions(read.toJson()).toJson()).isEqualTo(read.toJson());
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("metrics",
        new JsonObject().put("prot", 1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("metrics",
        new JsonObject().put("port", "x")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("metrics", 9100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics");
  }

  @Test
  void theStopDrainTimeoutIsReadAndMustNotBeNegative() {
    assertThat(new BusinessOptions().getStopDrainTimeout())
        .isEqualTo(BusinessOptions.DEFAULT_STOP_DRAIN_TIMEOUT);
    BusinessOptions options = new BusinessOptions(new JsonObject().put("stopDrainTimeout", 0));
    assertThat(options.getStopDrainTimeout()).isZero();
    assertThat(new BusinessOptions(options.toJson()).getStopDrainTimeout()).isZero();
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("stopDrainTimeout", -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stopDrainTimeout must be 0 or more, got -1");
    assertThatThrownBy(() -> new BusinessOptions(new JsonObject().put("stopDrainTimeout", "5s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stopDrainTimeout must be");
  }
}
