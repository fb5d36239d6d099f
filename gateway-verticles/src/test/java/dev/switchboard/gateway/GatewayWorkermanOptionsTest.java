package dev.switchboard.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayWorkermanOptionsTest {

  @Test
  void offOnLoopbackByDefault() {
    GatewayWorkermanOptions options = new GatewayOptions(new JsonObject()).getWorkerman();
    assertThat(options.isEnabled()).isFalse();
    assertThat(options.getPort()).isEqualTo(GatewayWorkermanOptions.OFF);
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getAdvertisedHost()).isNull();
    assertThat(options.advertisedAddress()).isEqualTo("127.0.0.1");
    assertThat(options.getSecretKey()).isNull();
    assertThat(options.getPhpClientsFrom()).containsExactly("127.0.0.0/8", "::1/128");
    assertThat(options.getMaxPackageSize()).isEqualTo(1_048_576);
    assertThat(options.getMaxConnections()).isEqualTo(1_024);
    assertThat(options.getAuthTimeout()).isEqualTo(10_000);
  }

  @Test
  void jsonRoundTripInsideTheGatewayOptions() {
    GatewayWorkermanOptions workerman = new GatewayWorkermanOptions().setPort(2900)
        .setHost("0.0.0.0").setAdvertisedHost("10.0.0.5").setSecretKey("k")
        .setPhpClientsFrom(List.of("10.0.0.0/8")).setMaxPackageSize(4096).setMaxConnections(3)
        .setAuthTimeout(500);
    GatewayOptions options = new GatewayOptions().setWorkerman(workerman);
    GatewayOptions read = new GatewayOptions(options.toJson());
    assertThat(read.toJson()).isEqualTo(options.toJson());
    assertThat(read.getWorkerman().toJson()).isEqualTo(workerman.toJson());
    assertThat(read.getWorkerman().advertisedAddress()).isEqualTo("10.0.0.5");
    JsonObject config = new JsonObject().put("workerman", new JsonObject().put("port", 0)
        .put("secretKey", "s"));
    assertThat(new GatewayOptions(config).getWorkerman().getSecretKey()).isEqualTo("s");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new GatewayWorkermanOptions().setPort(-2))
        .hasMessageContaining("workerman.port");
    assertThatThrownBy(() -> new GatewayWorkermanOptions().setAdvertisedHost("gw.example"))
        .hasMessageContaining("workerman.advertisedHost must be an IPv4 address");
    assertThatThrownBy(() -> new GatewayWorkermanOptions().setMaxPackageSize(27))
        .hasMessageContaining("workerman.maxPackageSize");
    assertThatThrownBy(() -> new GatewayWorkermanOptions().setHost("0.0.0.0")
        .advertisedAddress()).hasMessageContaining("set workerman.advertisedHost");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("workerman",
        new JsonObject().put("prot", 1)))).hasMessageContaining("workerman")
        .hasMessageContaining("prot");
    assertThat(new GatewayWorkermanOptions().setSecretKey("").getSecretKey())
        .as("empty: none, as GatewayWorker's default").isNull();
  }
}
