package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.core.JwtOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel server's {@code jwt} option with real servers and clients: a valid token
 * authenticates with the channels its claim grants (separately for subscribe and publish, with
 * prefix patterns), a denied request gets FORBIDDEN on a connection that stays usable, every bad
 * token gets what a wrong shared token gets (AUTH_FAILED, closed, counted), the shared tokens keep
 * their full access beside JWT, reserved channels stay the gateway role's, and a connection is
 * closed when its token expires (the client's token supplier then gives the reconnection a
 * fresh one).
 */
class ChannelJwtIT extends ClusteredTestBase {

  static final String TOKEN = "plain-client-token-0123";
  static final String GATEWAY_TOKEN = "gateway-role-token-0123";

  private final ChannelHarness harness = new ChannelHarness();
  private JwtTokens keys;

  @TempDir
  Path dir;

  @BeforeEach
  void startNode() throws Exception {
    startNodes(1);
    keys = JwtTokens.rs256(cluster.vertx(0), "k1");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private ChannelServer server(JsonObject config) {
    JsonObject jwt = new JwtOptions().setPublicKeyPath(keys.writePublicPem(dir).toString())
        .setLeeway(0).toJson();
    return harness.server(cluster.vertx(0), new ChannelServerOptions(config.put("port", 0)
        .put("jwt", jwt)));
  }

  private String token(Object channels, long expiresIn) {
    JsonObject claims = JwtTokens.claims("svc", expiresIn);
    if (channels != null) {
      claims.put("channels", channels);
    }
    return keys.sign(claims);
  }

  private static JsonObject split(List<String> subscribe, List<String> publish) {
    return new JsonObject().put("subscribe", new JsonArray(subscribe))
        .put("publish", new JsonArray(publish));
  }

  private static JsonObject auth(String token) {
    return new JsonObject().put("type", "auth").put("id", 1).put("token", token);
  }

  private static JsonObject request(String type, int id, String channel) {
    JsonObject request = new JsonObject().put("type", type).put("id", id)
        .put("channels", new JsonArray().add(channel));
    return type.equals("publish") ? request.put("data", "x") : request;
  }

  private static void assertForbidden(Throwable failure) {
    assertThat(failure).isInstanceOf(ChannelException.class);
    assertThat(((ChannelException) failure).reason()).isEqualTo(ChannelException.Reason.FORBIDDEN);
  }

  @Test
  void validTokenGrantsSubscribeAndPublishSeparately() throws Exception {
    ChannelServer server = server(new JsonObject());
    ChannelClient client = harness.remote(cluster.vertx(0), ChannelHarness.to(server)
        .setToken(token(split(List.of("news", "orders.*"), List.of("orders.*")), 600)));
    ChannelClient local = harness.local(cluster.vertx(0));
    Inbox news = new Inbox();
    Inbox orders = new Inbox();
    Await.result(client.on("news", news));
    Await.result(client.on("orders.eu.1", orders));

    // publish: orders.* only
    Await.result(client.publish("orders.eu.1", "o1"));
    assertThat(orders.next().data()).isEqualTo("o1");
    assertForbidden(Await.failure(client.publish("news", "forged")));
    // subscribe: news and orders.* only; "orders" itself is not under "orders.*"
    assertForbidden(Await.failure(client.on("secret", new Inbox())));
    assertForbidden(Await.failure(client.on("orders", new Inbox())));
    assertForbidden(Await.failure(client.on("newsroom", new Inbox())));

    // the connection stays usable after the denials, and a denied publish delivered nothing
    Await.result(local.publish("news", "n1"));
    assertThat(news.next().data()).isEqualTo("n1");
    assertThat(news.receivesWithin(Duration.ofMillis(200))).isFalse();
    Await.result(client.publish("orders.eu.1", "o2"));
    assertThat(orders.next().data()).isEqualTo("o2");
    assertThat(server.connections().getJsonObject(0).getBoolean("jwt")).isTrue();
    assertThat(server.stats().getLong("authFailures")).isZero();
  }

  @Test
  void aPlainListGrantsBothAndReservedChannelsStayTheGatewayRoles() throws Exception {
    ChannelServer server = server(new JsonObject());
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(auth(token(new JsonArray().add("chat.*").add("*"), 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("subscribe", 2, "chat.room1"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 2));
      raw.send(request("publish", 3, "anything"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 3));
      // "*" does not reach reserved channels: only the gatewayToken gives that role
      for (String reserved : List.of("$gateway.reply.x", "$private")) {
        raw.send(request("subscribe", 4, reserved));
        JsonObject answer = raw.read();
        assertThat(answer.getString("code")).isEqualTo("FORBIDDEN");
        assertThat(answer.getLong("id")).isEqualTo(4);
      }
      raw.send(request("publish", 5, "chat.room1"));
      assertThat(raw.read().getString("type")).isIn("event", "ack");
    }
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(auth(token(new JsonArray().add("chat.*"), 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("publish", 2, "other"));
      assertThat(raw.read().getString("code")).isEqualTo("FORBIDDEN");
      raw.send(request("publish", 3, "chat.x"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 3));
    }
  }

  @Test
  void aTokenWithoutTheClaimGrantsNoChannel() throws Exception {
    ChannelServer server = server(new JsonObject());
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(auth(token(null, 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("subscribe", 2, "news"));
      assertThat(raw.read().getString("code")).isEqualTo("FORBIDDEN");
      raw.send(new JsonObject().put("type", "unsubscribe").put("id", 3)
          .put("channels", new JsonArray().add("news")));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 3));
    }
  }

  @Test
  void badTokensGetWhatAWrongTokenGets() throws Exception {
    ChannelServer server = server(new JsonObject().put("authFailureLimit", 100));
    JsonArray all = new JsonArray().add("*");
    List<String> bad = List.of(
        token(all, -60),                                            // expired
        JwtTokens.rs256(cluster.vertx(0), "k1").sign(JwtTokens.claims("svc", 600)
            .put("channels", all)),                                 // another key, same kid
        keys.confusedHs256(JwtTokens.claims("svc", 600).put("channels", all)),
        JwtTokens.unsigned(JwtTokens.claims("svc", 600).put("channels", all)),
        "",                                                         // absent
        "not-a-jwt",
        token(new JsonObject().put("read", new JsonArray()), 600)); // a malformed claim
    for (String token : bad) {
      try (RawClient raw = new RawClient(server.actualPort())) {
        raw.send(auth(token));
        JsonObject answer = raw.read();
        assertThat(answer.getString("code")).as(token).isEqualTo("AUTH_FAILED");
        assertThat(answer.getString("message")).startsWith("invalid token (");
        if (token.length() > 20) {
          assertThat(answer.encode()).doesNotContain(token.substring(0, 20));
        }
        assertThat(raw.closedByServer()).isTrue();
      }
    }
    // no auth at all
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(request("subscribe", 1, "news"));
      assertThat(raw.read().getString("code")).isEqualTo("AUTH_REQUIRED");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(server.stats().getLong("authFailures")).isEqualTo(bad.size());
    // the server still serves a valid token
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(auth(token(all, 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
    }
    // the remote client reports the refusal
    ChannelClient refused = harness.track(ChannelClient.create(cluster.vertx(0),
        ChannelHarness.to(server).setToken(token(all, -60))));
    Throwable failure = Await.failure(refused.connect());
    assertThat(((ChannelException) failure).reason())
        .isEqualTo(ChannelException.Reason.AUTH_FAILED);
    assertThat(failure).hasMessageContaining("EXPIRED");
  }

  @Test
  void aJwtOnlyServerWantsAuthenticationWithinTheTimeout() throws Exception {
    // pings before a first request get pongs only where PHP clients are not allowed
    ChannelServer server = server(new JsonObject().put("authTimeout", 300)
        .put("phpClientsFrom", new JsonArray()));
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new byte[] {0, 0, 0, 4}); // a ping is answered before authentication
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "pong"));
      assertThat(raw.read().getString("code")).isEqualTo("AUTH_TIMEOUT");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(server.stats().getLong("authTimeouts")).isEqualTo(1);
  }

  @Test
  void badTokensAreCountedTowardsTheAddressBan() throws Exception {
    ChannelServer server = server(new JsonObject().put("authFailureLimit", 2)
        .put("authBanTime", 60_000));
    for (int i = 0; i < 3; i++) {
      try (RawClient raw = new RawClient("127.0.0.3", server.actualPort())) {
        raw.send(auth(token(new JsonArray().add("*"), -60)));
        assertThat(raw.read().getString("message")).startsWith(i < 2 ? "invalid token"
            : "too many failed attempts");
      }
    }
    assertThat(server.stats().getLong("authBanned")).isEqualTo(1);
  }

  @Test
  void sharedTokensKeepFullAccessBesideJwt() throws Exception {
    ChannelServer server = server(new JsonObject().put("token", TOKEN)
        .put("gatewayToken", GATEWAY_TOKEN));
    ChannelClient full = harness.remote(cluster.vertx(0),
        ChannelHarness.to(server).setToken(TOKEN));
    Await.result(full.publish("anything", "ok"));
    Await.result(full.on("anything.else", new Inbox()));
    assertForbidden(Await.failure(full.publish("$private", "no")));

    ChannelClient restricted = harness.remote(cluster.vertx(0), ChannelHarness.to(server)
        .setToken(token(new JsonArray().add("news"), 600)));
    assertForbidden(Await.failure(restricted.publish("anything", "no")));
    Await.result(restricted.publish("news", "ok"));

    try (RawClient raw = new RawClient(server.actualPort())) {
      // a JWT connection raised by the gatewayToken gets the gateway role and full access
      raw.send(auth(token(new JsonArray().add("news"), 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(auth(GATEWAY_TOKEN).put("id", 2));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 2));
      raw.send(request("publish", 3, "$private"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 3));
      raw.send(request("publish", 4, "anything"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 4));
    }
    try (RawClient raw = new RawClient(server.actualPort())) {
      // a second JWT on an authenticated connection is not a way in: refused as a wrong token
      raw.send(auth(token(new JsonArray().add("news"), 600)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(auth(token(new JsonArray().add("*"), 600)).put("id", 2));
      assertThat(raw.read().getString("code")).isEqualTo("AUTH_FAILED");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void aConnectionIsClosedWhenItsTokenExpires() throws Exception {
    ChannelServer server = server(new JsonObject());
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(auth(token(new JsonArray().add("*"), 2)));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("subscribe", 2, "news"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 2));
      long before = System.currentTimeMillis();
      JsonObject expired = raw.read();
      assertThat(expired.getString("code")).isEqualTo("AUTH_EXPIRED");
      assertThat(System.currentTimeMillis() - before).isLessThan(4_000);
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(server.stats().getLong("authExpired")).isEqualTo(1);
    // the connection's subscriptions go with it (its close is handled after the client saw it)
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("subscriptions") == 0 && server.stats().getLong("connections") == 0));
  }

  @Test
  void theClientsTokenSupplierGivesTheReconnectionAFreshToken() throws Exception {
    ChannelServer server = server(new JsonObject());
    AtomicInteger issued = new AtomicInteger();
    ChannelClient client = harness.remote(cluster.vertx(0), ChannelHarness.to(server)
        .setReconnectInitialDelay(10)
        .setTokenSupplier(() -> {
          // a short-lived first token, then long-lived ones
          return token(new JsonArray().add("news"), issued.incrementAndGet() == 1 ? 2 : 600);
        }));
    ChannelClient local = harness.local(cluster.vertx(0));
    Inbox news = new Inbox();
    Await.result(client.on("news", news));
    assertThat(issued.get()).isEqualTo(1);
    // the first token expires: the server closes, the client reconnects with a second token and
    // subscribes again
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(issued.get() >= 2
        && server.stats().getLong("subscriptions") == 1
        && client.state() == ChannelClient.State.CONNECTED));
    assertThat(server.stats().getLong("authExpired")).isEqualTo(1);
    Await.result(local.publish("news", "after"));
    assertThat(news.next().data()).isEqualTo("after");
  }
}
