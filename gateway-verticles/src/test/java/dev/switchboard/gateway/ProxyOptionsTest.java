package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of a gateway behind proxies: defaults, JSON, and refusals of bad values. */
class ProxyOptionsTest {

  @Test
  void defaultsTrustNobodyAndSpeakNoProxyProtocol() {
    GatewayOptions options = new GatewayOptions(new JsonObject());
    assertThat(options.getTrustedProxies()).isEmpty();
    assertThat(options.getForwardedHeaders())
        .containsExactly("Forwarded", "X-Forwarded-For", "X-Real-IP");
    assertThat(options.isProxyProtocol()).isFalse();
    assertThat(options.isHttpProxyProtocol()).isFalse();
  }

  @Test
  void jsonRoundTrip() {
    GatewayOptions options = new GatewayOptions()
        .setTrustedProxies(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.1"))
        .setForwardedHeaders(List.of("x-forwarded-for")).setProxyProtocol(true)
        .setHttpProxyProtocol(true);
    assertThat(options.getForwardedHeaders()).containsExactly("X-Forwarded-For");
    JsonObject json = options.toJson();
    assertThat(json.getJsonArray("trustedProxies"))
        .isEqualTo(new JsonArray().add("10.0.0.0/8").add("fd00::/8").add("192.0.2.1"));
    GatewayOptions read = new GatewayOptions(json);
    assertThat(read.toJson()).isEqualTo(json);
    assertThat(read.isProxyProtocol()).isTrue();
    assertThat(read.isHttpProxyProtocol()).isTrue();
    assertThat(new GatewayOptions(new JsonObject().put("forwardedHeaders", new JsonArray()))
        .getForwardedHeaders()).isEmpty();
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new GatewayOptions().setTrustedProxies(List.of("10.0.0.0/40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedProxies: '10.0.0.0/40'");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("trustedProxies",
        new JsonArray().add("lb.internal")))).hasMessageContaining("'lb.internal'");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("trustedProxies",
        new JsonArray().add(10))))
        .hasMessage("trustedProxies must be an array of strings, got [10]");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("trustedProxies",
        "10.0.0.0/8")))
        .hasMessage("trustedProxies must be an array of strings, got \"10.0.0.0/8\"");
    assertThatThrownBy(() -> new GatewayOptions().setForwardedHeaders(List.of("X-Client-IP")))
        .hasMessageContaining("forwardedHeaders").hasMessageContaining("X-Client-IP");
    assertThatThrownBy(() -> new GatewayOptions().setForwardedHeaders(
        List.of("Forwarded", "forwarded"))).hasMessageContaining("twice");
  }

  @Test
  void aBadBlockFailsTheDeployment() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable failure = Await.failure(vertx.deployVerticle(GatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
              .put("trustedProxies", new JsonArray().add("127.0.0.0/8").add("10.0.0.1/8x")))));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trustedProxies: '10.0.0.1/8x'");
    } finally {
      Await.result(vertx.close());
    }
  }
}
