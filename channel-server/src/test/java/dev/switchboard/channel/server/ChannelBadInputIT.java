package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input gets a clear error (an error frame with a code, a close where the stream cannot
 * go on) and the server keeps serving everyone else: after every case a healthy client still
 * publishes and receives.
 */
class ChannelBadInputIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();
  private ChannelServer server;
  private ChannelClient healthy;
  private Inbox healthyInbox;
  private int round;

  @BeforeEach
  void start() throws Exception {
    startNodes(1);
    server = harness.server(cluster.vertx(0), new ChannelServerOptions().setMaxPackageSize(1024)
        .setMaxChannels(3).setMaxChannelNameLength(16));
    healthy = harness.remote(cluster.vertx(0), server);
    healthyInbox = new Inbox();
    Await.result(healthy.on("healthy", healthyInbox));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void assertOthersStillServed() throws Exception {
    round++;
    Await.result(healthy.publish("healthy", round));
    assertThat(healthyInbox.next().data()).isEqualTo(round);
  }

  private long protocolErrors() {
    return server.stats().getLong("protocolErrors");
  }

  private static JsonObject error(String code) {
    return new JsonObject().put("type", "error").put("code", code);
  }

  private static void assertError(JsonObject frame, String code) {
    assertThat(frame.getString("type")).isEqualTo("error");
    assertThat(frame.getString("code")).isEqualTo(code);
    assertThat(frame.getString("message")).isNotBlank();
  }

  @Test
  void lengthBelowFourIsRefusedAndClosed() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new byte[] {0, 0, 0, 2});
      assertError(raw.read(), "BAD_FRAME");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(protocolErrors()).isEqualTo(1);
    assertOthersStillServed();
  }

  @Test
  void lengthOverMaxPackageSizeIsRefusedBeforeTheBodyArrives() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(ByteBuffer.allocate(4).putInt(1025).array());
      assertError(raw.read(), "FRAME_TOO_LARGE");
      assertThat(raw.closedByServer()).isTrue();
    }
    assertOthersStillServed();
  }

  @Test
  void truncatedFrameThenDisconnectIsCountedAndHarmless() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      byte[] whole = RawClient.frame("{\"type\":\"subscribe\",\"channels\":[\"healthy\"]}");
      byte[] part = new byte[10];
      System.arraycopy(whole, 0, part, 0, part.length);
      raw.send(part);
    }
    Await.condition(cluster.vertx(0), 20, () -> io.vertx.core.Future.succeededFuture(
        protocolErrors() == 1 && server.stats().getLong("connections") == 1));
    assertOthersStillServed();
    assertThat(healthyInbox.size()).isZero();
  }

  @Test
  void invalidJsonGetsAnErrorAndTheConnectionGoesOn() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(RawClient.frame("{nope"));
      assertError(raw.read(), "BAD_JSON");
      raw.send(RawClient.frame("[1,2]"));
      assertError(raw.read(), "BAD_JSON");
      raw.send(RawClient.frame("a:1:{s:4:\"type\";s:7:\"publish\";}"));
      assertError(raw.read(), "UNSUPPORTED_ENCODING");
      raw.send(new JsonObject().put("type", "subscribe").put("id", 7)
          .put("channels", new JsonArray().add("healthy")));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 7));
      assertOthersStillServed();
      assertThat(raw.read().getValue("data")).isEqualTo(round);
    }
    assertThat(protocolErrors()).isEqualTo(3);
  }

  @Test
  void unknownTypeAndBadFieldsGetErrorsWithTheirId() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new JsonObject().put("type", "launch").put("id", 1));
      assertThat(raw.read()).isEqualTo(error("UNKNOWN_TYPE").put("id", 1)
          .put("message", "unknown type 'launch'"));
      raw.send(new JsonObject().put("type", "subscribe").put("id", 2));
      assertError(raw.read(), "BAD_REQUEST");
      raw.send(new JsonObject().put("type", "subscribe").put("id", 3).put("channels", "news"));
      JsonObject wrongType = raw.read();
      assertError(wrongType, "BAD_REQUEST");
      assertThat(wrongType.getLong("id")).isEqualTo(3);
      raw.send(new JsonObject().put("type", "subscribe").put("id", 4)
          .put("channels", new JsonArray().add(5)));
      assertError(raw.read(), "BAD_REQUEST");
      raw.send(new JsonObject().put("type", "publish").put("id", 5)
          .put("channels", new JsonArray().add("healthy")));
      assertError(raw.read(), "BAD_REQUEST");
      raw.send(new JsonObject().put("type", 9).put("id", 6));
      assertError(raw.read(), "BAD_REQUEST");
      raw.send(new JsonObject().put("type", "publish").put("id", "seven")
          .put("channels", new JsonArray().add("healthy")).put("data", 1));
      JsonObject badId = raw.read();
      assertError(badId, "BAD_REQUEST");
      assertThat(badId.containsKey("id")).isFalse();
      raw.send(new JsonObject().put("type", "subscribe").put("id", 8)
          .put("channels", new JsonArray().add("a-name-longer-than-16")));
      assertError(raw.read(), "BAD_CHANNEL");
      raw.send(RawClient.frame(""));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "pong"));
    }
    assertThat(protocolErrors()).isEqualTo(8);
    assertOthersStillServed();
    assertThat(healthyInbox.size()).isZero();
  }

  @Test
  void tooManyChannelsIsRefusedWithoutSubscribingAny() throws Exception {
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new JsonObject().put("type", "subscribe").put("id", 1)
          .put("channels", new JsonArray().add("a").add("b").add("c").add("d")));
      assertError(raw.read(), "TOO_MANY_CHANNELS");
      raw.send(new JsonObject().put("type", "subscribe").put("id", 2)
          .put("channels", new JsonArray().add("a").add("b")));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(new JsonObject().put("type", "subscribe").put("id", 3)
          .put("channels", new JsonArray().add("c").add("d")));
      assertError(raw.read(), "TOO_MANY_CHANNELS");
      assertThat(server.stats().getLong("subscriptions")).isEqualTo(3);
    }
    assertOthersStillServed();
  }

  @Test
  void wrongTokenMissingAuthAndSilenceAreRefusedAndClosed() throws Exception {
    // credentials are the channel space's: a secured server gets a space of its own
    Vertx alone = Vertx.vertx();
    try {
      ChannelServer secured = Await.result(ChannelServer.create(alone, new ChannelServerOptions()
          .setPort(0).setToken(SECRET).setAuthTimeout(300)).listen());
      refusedAndClosed(secured);
    } finally {
      Await.result(alone.close());
    }
  }

  private static final String SECRET = "s3cret-s3cret-s3cret";

  private void refusedAndClosed(ChannelServer secured) throws Exception {
    try (RawClient raw = new RawClient(secured.actualPort())) {
      raw.send(new JsonObject().put("type", "auth").put("id", 1).put("token", "guess"));
      JsonObject refused = raw.read();
      assertError(refused, "AUTH_FAILED");
      assertThat(refused.encode()).doesNotContain(SECRET).doesNotContain("guess");
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawClient raw = new RawClient(secured.actualPort())) {
      raw.send(new JsonObject().put("type", "subscribe").put("id", 1)
          .put("channels", new JsonArray().add("healthy")));
      assertError(raw.read(), "AUTH_REQUIRED");
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawClient raw = new RawClient(secured.actualPort())) {
      assertError(raw.read(), "AUTH_TIMEOUT");
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawClient raw = new RawClient(secured.actualPort())) {
      raw.send(new JsonObject().put("type", "auth").put("id", 1).put("token", SECRET));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 1));
      raw.send(new JsonObject().put("type", "subscribe").put("id", 2)
          .put("channels", new JsonArray().add("healthy")));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(new JsonObject().put("type", "publish").put("channels",
          new JsonArray().add("healthy")).put("data", "authenticated"));
      assertThat(raw.read().getValue("data")).isEqualTo("authenticated");
      assertOthersStillServed();
    }
    JsonObject stats = secured.stats();
    assertThat(stats.getLong("authFailures")).isEqualTo(1);
    assertThat(stats.getLong("authTimeouts")).isEqualTo(1);
  }
}
