package dev.switchboard.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connect hook's values: their JSON form (what crosses to business instances) and checks. */
class ConnectDecisionTest {

  @Test
  void decisionsSurviveTheirJsonForm() {
    ConnectDecision accept = ConnectDecision.accept().withUid("u1")
        .withGroups(List.of("a", "b")).withGroups(List.of("b", "c"))
        .withSession(new JsonObject().put("k", 1)).withSubprotocol("chat");
    ConnectDecision back = ConnectDecision.fromJson(accept.toJson());
    assertThat(back.accepted()).isTrue();
    assertThat(back.uid()).isEqualTo("u1");
    assertThat(back.groups()).containsExactly("a", "b", "c");
    assertThat(back.session()).isEqualTo(new JsonObject().put("k", 1));
    assertThat(back.subprotocol()).isEqualTo("chat");
    ConnectDecision reject = ConnectDecision.fromJson(ConnectDecision.reject(429, "slow down")
        .toJson());
    assertThat(reject.accepted()).isFalse();
    assertThat(reject.status()).isEqualTo(429);
    assertThat(reject.reason()).isEqualTo("slow down");
    assertThat(ConnectDecision.reject(null).status()).isEqualTo(403);
  }

  @Test
  void badDecisionsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> ConnectDecision.reject(200, "ok?")).hasMessageContaining("400 to 599");
    assertThatThrownBy(() -> ConnectDecision.reject(401, "no").withUid("u"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rejection");
    assertThatThrownBy(() -> ConnectDecision.accept().withUid(""))
        .hasMessageContaining("uid");
    assertThatThrownBy(() -> ConnectDecision.accept().withGroups(List.of("")))
        .hasMessageContaining("group");
    assertThatThrownBy(() -> ConnectDecision.fromJson(new JsonObject().put("accepted", true)
        .put("groups", "not a list"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectDecision.fromJson(new JsonObject().put("accepted", false)
        .put("status", 99))).hasMessageContaining("400 to 599");
    assertThat(ConnectDecision.reject(401, "a\r\nb" + "x".repeat(300)).reason())
        .hasSize(ConnectDecision.MAX_REASON_LENGTH).startsWith("a  b").doesNotContain("\n");
  }

  @Test
  void handshakesSurviveTheirJsonFormAndAreReadOnly() {
    Handshake handshake = new Handshake(Protocol.WEBSOCKET, "/ws",
        Map.of("t", List.of("1", "2")), Map.of("X-A", List.of("v")), Map.of("c", "d"),
        List.of("chat"), "10.0.0.1:5", "192.0.2.7:9", new JsonObject().put("sub", "u1"));
    Handshake back = Handshake.fromJson(handshake.toJson());
    assertThat(back.toJson()).isEqualTo(handshake.toJson());
    assertThat(back.header("x-a")).isEqualTo("v");
    assertThat(back.queryParam("t")).isEqualTo("1");
    assertThat(back.claims()).isEqualTo(new JsonObject().put("sub", "u1"));
    assertThat(back.clientAddress()).isEqualTo("192.0.2.7:9");
    assertThatThrownBy(() -> back.query().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    back.claims().put("sub", "changed");
    assertThat(back.claims().getString("sub")).isEqualTo("u1");
    assertThatThrownBy(() -> Handshake.fromJson(new JsonObject().put("protocol", "pigeon")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Handshake.fromJson(new JsonObject().put("protocol", "text")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshake");
  }
}
