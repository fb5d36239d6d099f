package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks a hostile local client makes on the channel port with raw sockets: requests whose answers
 * it never reads, bad frames before authentication, floods of bad requests meant to fill the log,
 * control characters meant to forge log lines. Each fails, and a legitimate client is served
 * throughout.
 */
class HostileClientIT extends ClusteredTestBase {

  private static final String FORGED = "\n12:00:00.000 [x] ERROR forged";

  private final ChannelHarness harness = new ChannelHarness();
  private HealthyClient healthy;

  @BeforeEach
  void start() throws Exception {
    startNodes(1);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A legitimate client of the server, whose service {@link #assertServed()} checks. */
  private void watch(ChannelServer server) throws Exception {
    watch(ChannelHarness.to(server));
  }

  private void watch(ChannelClientOptions options) throws Exception {
    healthy = HealthyClient.of(harness, cluster.vertx(0), options);
  }

  private void assertServed() throws Exception {
    healthy.assertServed();
  }

  private static byte[] requests(JsonObject request, int count) {
    byte[] one = RawClient.frame(request.encode());
    ByteArrayOutputStream all = new ByteArrayOutputStream(one.length * count);
    for (int i = 0; i < count; i++) {
      all.writeBytes(one);
    }
    return all.toByteArray();
  }

  @Test
  void aClientThatNeverReadsTheAnswersToItsRequestsIsClosedAfterThePausedInputTimeout()
      throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setMaxSendBufferSize(64 * 1024).setPausedInputTimeout(500));
    watch(server);
    byte[] statuses = requests(new JsonObject().put("type", "status").put("id", 1), 1_000);
    try (RawClient hostile = new RawClient(server.actualPort(), 4096)) {
      // its own thread: the blocked writer must not wait for, nor hold, a common-pool thread
      Thread writer = new Thread(() -> {
        try {
          while (true) {
            hostile.send(statuses); // blocks once the server stops reading
          }
        } catch (java.io.IOException closed) {
          // the server closed it: the end of the attack
        }
      }, "attack-writer");
      writer.setDaemon(true);
      writer.start();
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          server.stats().getLong("inputPauseCloses") == 1));
      assertThat(hostile.closedByServer()).isTrue();
      assertThat(server.stats().getLong("connections")).isEqualTo(1);
      assertServed();
    }
  }

  @Test
  void aProtocolErrorBeforeAuthenticationClosesTheConnection() throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setToken("s3cret-token-for-tests").setAuthTimeout(60_000));
    watch(ChannelHarness.to(server).setToken("s3cret-token-for-tests"));
    try (RawClient hostile = new RawClient(server.actualPort())) {
      hostile.send(RawClient.frame("not json"));
      JsonObject error = hostile.read();
      assertThat(error.getString("code")).isEqualTo("BAD_JSON");
      assertThat(hostile.closedByServer()).as("closed on the first bad frame").isTrue();
    }
    try (RawClient hostile = new RawClient(server.actualPort())) {
      hostile.send(new JsonObject().put("type", "auth").put("id", 7).put("token", 42));
      JsonObject error = hostile.read();
      assertThat(error.getString("code")).isEqualTo("BAD_REQUEST");
      assertThat(error.getLong("id")).isEqualTo(7);
      assertThat(hostile.closedByServer()).isTrue();
    }
    assertThat(server.stats().getLong("protocolErrors")).isEqualTo(2);
    assertServed();
  }

  @Test
  void aFloodOfBadRequestsIsCountedButLoggedOncePerInterval() throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions());
    watch(server);
    int count = 2_000;
    try (LogCapture log = new LogCapture("dev.switchboard.channel.server");
        RawClient hostile = new RawClient(server.actualPort())) {
      hostile.send(requests(new JsonObject().put("type", "nope"), count));
      for (int i = 0; i < count; i++) {
        assertThat(hostile.read().getString("code")).isEqualTo("UNKNOWN_TYPE");
      }
      assertThat(server.stats().getLong("protocolErrors")).isEqualTo(count);
      assertThat(log.lines().stream().filter(l -> l.contains("bad request")).count())
          .as("lines for %d bad requests read within a few intervals", count).isLessThan(10);
      assertServed();
    }
  }

  @Test
  void controlCharactersInRequestFieldsCannotForgeLogLines() throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setMaxChannelNameLength(16));
    watch(server);
    try (LogCapture log = new LogCapture("dev.switchboard.channel.server");
        RawClient hostile = new RawClient(server.actualPort())) {
      hostile.send(new JsonObject().put("type", "publish" + FORGED).put("id", 1));
      assertThat(hostile.read().getString("code")).isEqualTo("UNKNOWN_TYPE");
      assertServed();
      assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("bad request")
          .contains("\\n12:00:00.000 [x] ERROR forged"));
      assertThat(log.lines()).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }
  }

  @Test
  void jsonThatCouldBeReadTwoWaysOrNotSentOnUnchangedIsRefused() throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions());
    watch(server);
    try (RawClient hostile = new RawClient(server.actualPort())) {
      hostile.send(RawClient.frame("{\"type\":\"status\",\"id\":1,\"type\":\"publish\","
          + "\"channels\":[\"healthy\"],\"data\":\"smuggled\"}"));
      JsonObject duplicate = hostile.read();
      assertThat(duplicate.getString("code")).isEqualTo("BAD_JSON");
      assertThat(duplicate.getString("message")).contains("Duplicate field 'type'");
      hostile.send(RawClient.frame("{\"type\":\"publish\",\"id\":2,"
          + "\"channels\":[\"healthy\"],\"data\":1e999999}"));
      assertThat(hostile.read().getString("message")).contains("out of the range of a double");
      hostile.send(RawClient.frame("{\"type\":\"publish\",\"id\":3,"
          + "\"channels\":[\"healthy\"],\"data\":\"\\ud800\"}"));
      assertThat(hostile.read().getString("message")).contains("lone UTF-16 surrogate");
      hostile.send(new JsonObject().put("type", "publish").put("id", 4)
          .put("channels", new JsonArray().add("other")).put("data", "fine"));
      assertThat(hostile.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 4));
    }
    assertServed(); // the next event is the healthy one: nothing was smuggled in
    assertThat(server.stats().getLong("protocolErrors")).isEqualTo(3);
  }
}
