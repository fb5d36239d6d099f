package dev.switchboard.gateway;

import dev.switchboard.core.JwtOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's JWT check of WebSocket clients (option {@code jwt}): a valid token from each of
 * its three places connects the client as its {@code sub} with its groups; an absent, malformed,
 * expired, wrongly signed or forged one gets 401 before the upgrade, and nothing else happens.
 */
class GatewayJwtIT {

  private static final String SECRET = "a-secret-of-at-least-32-characters!!";

  @TempDir
  Path keys;
  private final Vertx signing = Vertx.vertx();
  private GatewayHarness gateway;
  private final List<Socket> open = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    Await.result(signing.close());
  }

  private GatewayHarness gateway(JwtOptions jwt) {
    gateway = new GatewayHarness(o -> o.setFramePort(GatewayOptions.OFF)
        .setTextPort(GatewayOptions.OFF).setJwt(jwt));
    return gateway;
  }

  private static JsonObject claims(String subject) {
    return JwtTokens.claims(subject, 300).put("groups", new JsonArray().add("staff"));
  }

  /**
   * @return the answer's head, and its body when it is not a {@code 101} (the WebSocket stays
   *     open until the test ends)
   */
  private String upgrade(String target, String headers) throws IOException {
    Socket socket = new Socket();
    open.add(socket);
    String head = Clients.request(socket, gateway.port(), "GET", target,
        Clients.UPGRADE_HEADERS + headers);
    if (head.startsWith("HTTP/1.1 101")) {
      return head;
    }
    return head + new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void aValidTokenFromEachPlaceConnectsTheClientAsItsSubjectWithItsGroups() throws Exception {
    JwtTokens hs = JwtTokens.hs256(signing, SECRET, "k1");
    gateway(new JwtOptions().setSecret(SECRET));
    Gateway cluster = Await.result(Gateway.create(gateway.vertx));
    try {
      assertThat(upgrade("/?token=" + hs.sign(claims("ann")), "")).startsWith("HTTP/1.1 101");
      Connection ann = gateway.recorder.nextConnection();
      assertThat(ann.handshake().claims().getString("sub")).isEqualTo("ann");
      assertThat(ann.handshake().query()).as("the token is not kept").doesNotContainKey("token");
      assertThat(Await.result(cluster.getUidByClientId(ann.id()))).isEqualTo("ann");

      assertThat(upgrade("/", "Authorization: Bearer " + hs.sign(claims("bob")) + "\r\n"))
          .startsWith("HTTP/1.1 101");
      Connection bob = gateway.recorder.nextConnection();
      assertThat(bob.handshake().headers()).doesNotContainKey("authorization");

      String offered = upgrade("/", "Sec-WebSocket-Protocol: switchboard, bearer."
          + hs.sign(claims("cat")) + "\r\n");
      assertThat(offered).startsWith("HTTP/1.1 101")
          .containsIgnoringCase("sec-websocket-protocol: switchboard\r\n");
      Connection cat = gateway.recorder.nextConnection();
      assertThat(cat.handshake().subprotocols()).containsExactly("switchboard");

      assertThat(Await.result(cluster.getClientIdsByGroup("staff")))
          .containsExactlyInAnyOrder(ann.id(), bob.id(), cat.id());
      assertThat(gateway.counter("authRejected")).isZero();
    } finally {
      Await.result(cluster.close());
    }
  }

  @Test
  void badTokensGet401BeforeTheUpgradeAndNothingElse() throws Exception {
    JwtTokens rs = JwtTokens.rs256(signing, "r1");
    JwtTokens stranger = JwtTokens.rs256(signing, "r1");
    gateway(new JwtOptions().setPublicKeyPath(rs.writePublicPem(keys).toString())
        .setIssuers(List.of("https://auth.example")).setLeeway(0));
    JsonObject good = claims("ann").put("iss", "https://auth.example");
    List<String> bad = List.of("",                                               // absent
        "?token=not.a.jwt",                                                      // malformed
        "?token=" + rs.sign(good.copy().put("exp", JwtTokens.now() - 60)),       // expired
        "?token=" + stranger.sign(good),                                         // other key
        "?token=" + rs.confusedHs256(good),                                      // HS256 forged
        "?token=" + JwtTokens.unsigned(good),                                    // alg none
        "?token=" + rs.sign(good.copy().put("iss", "https://evil.example")));    // issuer
    for (String query : bad) {
      assertThat(upgrade("/" + query, "")).as(query).startsWith("HTTP/1.1 401")
          .contains("invalid token (");
    }
    assertThat(upgrade("/?token=" + rs.sign(claims("ann").put("iss", "https://auth.example")
        .put("exp", JwtTokens.now() - 60)), "")).contains("invalid token (expired)");
    assertThat(gateway.counter("authRejected")).isEqualTo(bad.size() + 1);
    assertThat(gateway.recorder.drainConnections()).isEmpty();
    assertThat(upgrade("/?token=" + rs.sign(good), "")).startsWith("HTTP/1.1 101");
    assertThat(gateway.recorder.nextConnection().handshake().claims().getString("iss"))
        .isEqualTo("https://auth.example");
  }

  @Test
  void theHookSeesTheClaimsAndMayRejectOrOverride() throws Exception {
    JwtTokens hs = JwtTokens.hs256(signing, SECRET, "k1");
    gateway(new JwtOptions().setSecret(SECRET));
    gateway.recorder.onHandshake = h -> Future.succeededFuture(
        h.claims().getBoolean("banned", false) ? ConnectDecision.reject("banned")
            : ConnectDecision.accept().withUid("user:" + h.claims().getString("sub"))
                .withGroups(List.of("hooked")));
    assertThat(upgrade("/?token=" + hs.sign(claims("eve").put("banned", true)), ""))
        .startsWith("HTTP/1.1 403").endsWith("banned\n");
    assertThat(upgrade("/?token=" + hs.sign(claims("ann")), "")).startsWith("HTTP/1.1 101");
    Connection ann = gateway.recorder.nextConnection();
    Gateway cluster = Await.result(Gateway.create(gateway.vertx));
    try {
      assertThat(Await.result(cluster.getUidByClientId(ann.id()))).isEqualTo("user:ann");
      assertThat(Await.result(cluster.getClientIdsByGroup("staff"))).containsExactly(ann.id());
      assertThat(Await.result(cluster.getClientIdsByGroup("hooked"))).containsExactly(ann.id());
    } finally {
      Await.result(cluster.close());
    }
    assertThat(gateway.counter("connectRejected")).isEqualTo(1);
    assertThat(gateway.counter("authRejected")).isZero();
  }

  @Test
  void aTokenWithoutASubjectOrWithMalformedGroupsIsRefused() throws Exception {
    JwtTokens hs = JwtTokens.hs256(signing, SECRET, "k1");
    gateway(new JwtOptions().setSecret(SECRET));
    assertThat(upgrade("/?token=" + hs.sign(new JsonObject().put("exp", JwtTokens.now() + 60)),
        "")).startsWith("HTTP/1.1 401").contains("invalid token (malformed)");
    assertThat(upgrade("/?token=" + hs.sign(claims("ann").put("groups", "staff")), ""))
        .startsWith("HTTP/1.1 401");
    assertThat(gateway.counter("authRejected")).isEqualTo(2);
  }

  @Test
  void aVerticleWithAJwtCheckAndATcpPortFailsToDeploy() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable failure = Await.failure(vertx.deployVerticle(new GatewayVerticle(
          new GatewayOptions().setPort(0).setFramePort(0)
              .setJwt(new JwtOptions().setSecret(SECRET)), null)));
      assertThat(failure).hasMessageContaining("TCP protocols carry no token");
      assertThat(Await.failure(vertx.deployVerticle(new GatewayVerticle(
          new GatewayOptions().setPort(0).setJwt(new JwtOptions()
              .setPublicKeyPath(keys.resolve("missing.pem").toString())), null))))
          .hasMessageContaining("missing.pem");
    } finally {
      Await.result(vertx.close());
    }
  }
}
