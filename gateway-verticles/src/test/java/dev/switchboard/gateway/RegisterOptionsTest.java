package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterOptionsTest {

  @Test
  void defaultsAreWorkermansPortOnLoopbackWithoutSecret() {
    RegisterOptions options = new RegisterOptions();
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(1236);
    assertThat(options.getSecretKey()).isEmpty();
    assertThat(options.getPhpClientsFrom()).containsExactly("127.0.0.0/8", "::1/128");
    assertThat(options.getMaxLineSize()).isEqualTo(RegisterOptions.DEFAULT_MAX_LINE_SIZE);
    assertThat(options.getMaxConnections()).isEqualTo(RegisterOptions.DEFAULT_MAX_CONNECTIONS);
    assertThat(options.getAuthTimeout()).isEqualTo(10_000);
    assertThat(options.getIdleTimeout()).isZero();
    assertThat(options.getRefreshInterval()).isEqualTo(1_000);
  }

  @Test
  void jsonRoundTrips() {
    RegisterOptions options = new RegisterOptions().setHost("10.0.0.5").setPort(0)
        .setSecretKey("k").setPhpClientsFrom(List.of("10.0.0.0/8")).setMaxLineSize(512)
        .setMaxConnections(3).setAuthTimeout(50).setIdleTimeout(60_000).setRefreshInterval(200);
    JsonObject json = options.toJson();
    assertThat(new RegisterOptions(json).toJson()).isEqualTo(json);
    assertThat(new RegisterOptions(new JsonObject()).toJson())
        .isEqualTo(new RegisterOptions().toJson());
  }

  @Test
  void badValuesAreRefusedByName() {
    assertThatThrownBy(() -> new RegisterOptions().setPort(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> new RegisterOptions().setMaxLineSize(10))
        .hasMessageContaining("maxLineSize");
    assertThatThrownBy(() -> new RegisterOptions().setMaxConnections(0))
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> new RegisterOptions().setAuthTimeout(0))
        .hasMessageContaining("authTimeout");
    assertThatThrownBy(() -> new RegisterOptions(new JsonObject().put("prot", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prot");
    assertThatThrownBy(() -> new RegisterOptions(new JsonObject().put("phpClientsFrom",
        new JsonArray().add(7)))).isInstanceOf(IllegalArgumentException.class);
  }
}
