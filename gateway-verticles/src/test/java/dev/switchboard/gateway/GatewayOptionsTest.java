package dev.switchboard.gateway;

import dev.switchboard.core.OverflowPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayOptionsTest {

  @Test
  void defaultsAreWorkermansWhereItHasThem() {
    GatewayOptions options = new GatewayOptions(new JsonObject());
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(8282);
    assertThat(options.getPath()).isEqualTo("/");
    assertThat(options.getFramePort()).isEqualTo(GatewayOptions.OFF);
    assertThat(options.getTextPort()).isEqualTo(GatewayOptions.OFF);
    assertThat(options.getMaxSendBufferSize()).isEqualTo(1_048_576);
    assertThat(options.getMaxPackageSize()).isEqualTo(10_485_760);
    assertThat(options.getOverflowPolicy()).isEqualTo(OverflowPolicy.DROP);
    assertThat(options.getHeartbeatTimeout()).isEqualTo(60_000);
    assertThat(options.getPingInterval()).isEqualTo(25_000);
    assertThat(options.getAuthTimeout()).isZero();
    assertThat(options.getMaxConnections()).isEqualTo(100_000);
    assertThat(options.getCloseTimeout()).isEqualTo(5_000);
    assertThat(options.getAllowedOrigins()).isEmpty(); // the same origin only
    assertThat(options.getHandshakeTimeout()).isEqualTo(5_000);
    assertThat(options.getMaxConnectionsPerAddress()).isZero();
    assertThat(options.getStatusPort()).isEqualTo(GatewayOptions.OFF);
    assertThat(options.getStatusHost()).isEqualTo("127.0.0.1");
    assertThat(options.getHandler()).isNull();
    assertThat(options.isPerMessageDeflate()).isFalse();
    assertThat(options.getMaxBusinessQueueSize()).isEqualTo(1_048_576)
        .isEqualTo(GatewayOptions.DEFAULT_MAX_BUSINESS_QUEUE_SIZE);
    assertThat(options.getConnectHookTimeout()).isEqualTo(5_000);
    assertThat(options.isBusinessHandshake()).isFalse();
  }

  @Test
  void jsonRoundTrip() {
    GatewayOptions options = new GatewayOptions().setPort(0).setFramePort(8283).setTextPort(0)
        .setPath("/ws").setMaxSendBufferSize(4096).setOverflowPolicy(OverflowPolicy.CLOSE)
        .setHeartbeatTimeout(0).setPingData("{\"type\":\"ping\"}").setAuthTimeout(30_000)
        .setAllowedOrigins(List.of("https://a.example")).setHandler("x.Y")
        .setMaxBusinessQueueSize(65_536).setHandshakeTimeout(1_000).setMaxConnections(7)
        .setMaxConnectionsPerAddress(3).setStatusPort(0).setStatusHost("10.0.0.1")
        .setConnectHookTimeout(750).setBusinessHandshake(true).setPerMessageDeflate(true);
    assertThat(new GatewayOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new GatewayOptions(options.toJson()).getConnectHookTimeout()).isEqualTo(750);
    assertThat(new GatewayOptions(options.toJson()).isPerMessageDeflate()).isTrue();
    assertThat(new GatewayOptions(options.toJson()).getMaxConnectionsPerAddress()).isEqualTo(3);
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new GatewayOptions().setPort(70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> new GatewayOptions().setFramePort(-2))
        .hasMessageContaining("framePort");
    assertThatThrownBy(() -> new GatewayOptions().setPath("/status"))
        .hasMessageContaining("path");
    assertThatThrownBy(() -> new GatewayOptions().setMaxSendBufferSize(0))
        .hasMessageContaining("maxSendBufferSize");
    assertThatThrownBy(() -> new GatewayOptions().setMaxPackageSize(4))
        .hasMessageContaining("maxPackageSize");
    assertThatThrownBy(() -> new GatewayOptions().setHeartbeatTimeout(-1))
        .hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(() -> new GatewayOptions().setCloseTimeout(0))
        .hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> new GatewayOptions().setMaxConnections(0))
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> new GatewayOptions().setMaxConnectionsPerAddress(-1))
        .hasMessageContaining("maxConnectionsPerAddress");
    assertThatThrownBy(() -> new GatewayOptions().setHandshakeTimeout(0))
        .hasMessageContaining("handshakeTimeout");
    assertThatThrownBy(() -> new GatewayOptions().setConnectHookTimeout(0))
        .hasMessageContaining("connectHookTimeout");
    assertThatThrownBy(() -> new GatewayOptions().setStatusPort(-2))
        .hasMessageContaining("statusPort");
    assertThatThrownBy(() -> new GatewayOptions().setStatusHost(" "))
        .hasMessageContaining("statusHost");
    assertThatThrownBy(() -> new GatewayOptions().setMaxBusinessQueueSize(0))
        .hasMessageContaining("maxBusinessQueueSize");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("maxBusinessQueueSize",
        "big"))).hasMessage("maxBusinessQueueSize must be a number, got \"big\"");
    assertThatThrownBy(() -> new GatewayOptions().setPingData("p".repeat(126)))
        .hasMessageContaining("125 bytes");
    // a text connection's ping would throw in the sweep and stop it for every later connection
    assertThatThrownBy(() -> new GatewayOptions().setPingData("ping\n"))
        .hasMessageContaining("pingData");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("allowedOrigins",
        new io.vertx.core.json.JsonArray().add(3)))).hasMessageContaining("allowedOrigins");
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("prot", 9000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"prot\" (did you mean \"port\"?)");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("textprot", 9001)
        .put("maxSendBuferSize", 1)))
        .hasMessageContaining("unknown option \"textprot\" (did you mean \"textPort\"?)")
        .hasMessageContaining(
            "unknown option \"maxSendBuferSize\" (did you mean \"maxSendBufferSize\"?)");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("whatever", 1)))
        .hasMessageStartingWith("unknown option \"whatever\";");
  }

  @Test
  void aNestedJwtObjectIsCheckedTooAndNamed() {
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("jwt",
        new JsonObject().put("secrett", "x".repeat(32)))))
        .hasMessageStartingWith("in \"jwt\": unknown option \"secrett\" (did you mean \"secret\"?)");
  }

  @Test
  void strictFalseIgnoresUnknownKeysHereAndInNestedObjects() {
    GatewayOptions options = new GatewayOptions(new JsonObject().put("strict", false)
        .put("prot", 9000).put("port", 9100).put("jwt", new JsonObject()
            .put("secret", "x".repeat(32)).put("futureOption", 1)));
    assertThat(options.getPort()).isEqualTo(9100);
    assertThat(options.getJwt()).isNotNull();
  }

  @Test
  void aWrongJsonTypeNamesTheKey() {
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("port", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be a number, got \"abc\"");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("ssl", "true")))
        .hasMessage("ssl must be true or false, got \"true\"");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("closeTimeout", 1.5)))
        .hasMessageStartingWith("closeTimeout must be a whole number");
  }

  @Test
  void everyKeyOfToJsonIsKnown() {
    GatewayOptions options = new GatewayOptions().setPingData("p").setHandler("h")
        .setWebRoot("w").setJwt(new dev.switchboard.core.JwtOptions().setSecret("x".repeat(32)));
    options.setPemKeyPath("k").setPemCertPath("c");
    assertThat(new GatewayOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }
}
