package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on a PHP connection: a Workerman client cannot read an error frame, so the server
 * never sends one. A payload PHP's unserialize() must not read (malformed, objects, references,
 * too deep, too large, not serialize() at all) closes the connection without a byte; a well-formed
 * frame that is no request the server honours is ignored and the connection goes on. Every case
 * is counted in protocolErrors, and the server keeps serving everyone else.
 */
class PhpBadInputIT extends ClusteredTestBase {

  private static final String SUBSCRIBE_PHP =
      "a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"channels\";a:1:{i:0;s:3:\"php\";}}";
  private static final String EVENT_PHP =
      "a:3:{s:4:\"type\";s:5:\"event\";s:7:\"channel\";s:3:\"php\";s:4:\"data\";i:%d;}";

  private final ChannelHarness harness = new ChannelHarness();
  private ChannelServer server;
  private HealthyClient healthy;
  /** A JSON client publishing to the PHP connections under test. */
  private ChannelClient java;
  private int round;

  @BeforeEach
  void start() throws Exception {
    startNodes(1);
    server = harness.server(cluster.vertx(0), new ChannelServerOptions().setMaxPackageSize(1024)
        .setMaxChannels(3).setMaxChannelNameLength(16));
    healthy = HealthyClient.of(harness, cluster.vertx(0), ChannelHarness.to(server));
    java = harness.remote(cluster.vertx(0), server);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void assertOthersStillServed() throws Exception {
    healthy.assertServed();
  }

  private void awaitProtocolErrors(long count) {
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("protocolErrors") == count));
  }

  private static String nested(int depth) {
    return "a:1:{i:0;".repeat(depth) + "i:1;" + "}".repeat(depth);
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void whatPhpMustNotUnserializeClosesTheConnectionWithoutAFrame() throws Exception {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("malformed", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"chan"));
    cases.put("length beyond the payload", RawClient.frame("a:1:{s:400:\"type\";i:1;}"));
    cases.put("an object", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"channels\";"
        + "O:8:\"stdClass\":1:{s:1:\"a\";s:3:\"php\";}}"));
    cases.put("a custom-serialized object", RawClient.frame(
        "a:2:{s:4:\"type\";s:7:\"publish\";s:4:\"data\";C:11:\"ArrayObject\":4:{x:i:0}}"));
    cases.put("a reference", RawClient.frame("a:3:{s:4:\"type\";s:7:\"publish\";"
        + "s:8:\"channels\";a:1:{i:0;s:3:\"php\";}s:4:\"data\";r:1;}"));
    cases.put("nested beyond the depth limit", RawClient.frame(nested(40)));
    cases.put("trailing bytes", RawClient.frame(SUBSCRIBE_PHP + "i:1;"));
    long errors = 0;
    for (Map.Entry<String, byte[]> bad : cases.entrySet()) {
      try (RawClient raw = new RawClient(server.actualPort())) {
        raw.send(bad.getValue());
        assertThat(raw.closedWithoutAFrame()).as(bad.getKey()).isTrue();
      }
      awaitProtocolErrors(++errors);
      assertOthersStillServed();
    }
    // on a connection known to be PHP: the same, and also a frame over maxPackageSize (before
    // the encoding is known, that one gets the JSON protocol's FRAME_TOO_LARGE), and JSON
    cases.put("over maxPackageSize", ByteBuffer.allocate(4).putInt(1025).array());
    cases.put("JSON", RawClient.frame("{\"type\":\"publish\",\"channels\":[\"php\"],"
        + "\"data\":1}"));
    for (Map.Entry<String, byte[]> bad : cases.entrySet()) {
      try (RawClient raw = new RawClient(server.actualPort())) {
        raw.send(RawClient.frame(SUBSCRIBE_PHP));
        raw.send(bad.getValue());
        assertThat(raw.closedWithoutAFrame()).as("after a subscribe: " + bad.getKey()).isTrue();
      }
      awaitProtocolErrors(++errors);
    }
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("connections") == 2 && server.stats().getLong("subscriptions") == 1));
    assertOthersStillServed();
  }

  @Test
  void aWellFormedFrameThatIsNoRequestIsIgnoredAndTheConnectionGoesOn() throws Exception {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("no type", RawClient.frame("a:1:{s:8:\"channels\";a:1:{i:0;s:3:\"php\";}}"));
    cases.put("type not a string", RawClient.frame(
        "a:2:{s:4:\"type\";i:7;s:8:\"channels\";a:1:{i:0;s:3:\"php\";}}"));
    cases.put("a list", RawClient.frame("a:2:{i:0;s:9:\"subscribe\";i:1;s:3:\"php\";}"));
    cases.put("not an array", RawClient.frame("s:9:\"subscribe\";"));
    cases.put("unknown type", RawClient.frame(
        "a:2:{s:4:\"type\";s:6:\"launch\";s:8:\"channels\";a:1:{i:0;s:3:\"php\";}}"));
    cases.put("channels a string", RawClient.frame(
        "a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"channels\";s:3:\"php\";}"));
    cases.put("channels missing", RawClient.frame("a:1:{s:4:\"type\";s:9:\"subscribe\";}"));
    cases.put("a channel that is an array", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:1:{i:0;a:0:{}}}"));
    cases.put("a channel that is a float", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:1:{i:0;d:1.5;}}"));
    cases.put("no channel", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:0:{}}"));
    cases.put("a channel name too long", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:1:{i:0;s:17:\"abcdefghijklmnopq\";}}"));
    cases.put("too many channels", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:4:{i:0;s:1:\"a\";i:1;s:1:\"b\";i:2;s:1:\"c\";i:3;s:1:\"d\";}}"));
    cases.put("over maxChannels with the one held", RawClient.frame("a:2:{s:4:\"type\";"
        + "s:9:\"subscribe\";s:8:\"channels\";a:3:{i:0;s:1:\"a\";i:1;s:1:\"b\";i:2;s:1:\"c\";}}"));
    cases.put("a reserved channel", RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";"
        + "s:8:\"channels\";a:1:{i:0;s:12:\"$gateway.all\";}}"));
    cases.put("a reserved channel published", RawClient.frame("a:3:{s:4:\"type\";s:7:\"publish\";"
        + "s:8:\"channels\";a:1:{i:0;s:8:\"$private\";}s:4:\"data\";i:1;}"));
    cases.put("data that is not UTF-8", RawClient.frame(concat("a:3:{s:4:\"type\";s:7:\"publish\";"
        + "s:8:\"channels\";a:1:{i:0;s:7:\"healthy\";}s:4:\"data\";a:1:{i:0;s:2:\"",
        new byte[] {(byte) 0xff, (byte) 0xfe}, "\";}}")));
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(RawClient.frame(SUBSCRIBE_PHP));
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          server.stats().getLong("subscriptions") == 2));
      long errors = 0;
      for (Map.Entry<String, byte[]> bad : cases.entrySet()) {
        raw.send(bad.getValue());
        awaitProtocolErrors(++errors);
        assertOthersStillServed();
        // the connection goes on, and the first frame it gets is the next event
        Await.result(java.publish("php", ++round));
        assertThat(new String(raw.readPayload(), StandardCharsets.UTF_8)).as(bad.getKey())
            .isEqualTo(EVENT_PHP.formatted(round));
      }
      assertThat(server.stats().getLong("subscriptions")).isEqualTo(2);
    }
  }

  @Test
  void queueFramesWithoutAQueueServiceAreIgnoredWithOneWarning() throws Exception {
    // a server with its work queues off keeps the hand-off without a queue service (a clustered
    // node's servers have one by default)
    ChannelServer off = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setQueues(new WorkQueueOptions().setEnabled(false)));
    try (LogCapture log = new LogCapture("dev.switchboard.channel.server.impl");
        RawClient raw = new RawClient(off.actualPort())) {
      raw.send(RawClient.frame(SUBSCRIBE_PHP));
      raw.send(RawClient.frame("a:2:{s:4:\"type\";s:5:\"watch\";s:8:\"channels\";"
          + "a:1:{i:0;s:4:\"jobs\";}}"));
      raw.send(RawClient.frame("a:3:{s:4:\"type\";s:7:\"enqueue\";s:8:\"channels\";"
          + "a:1:{i:0;s:4:\"jobs\";}s:4:\"data\";i:1;}"));
      raw.send(RawClient.frame("a:1:{s:4:\"type\";s:7:\"reserve\";}"));
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          off.stats().getLong("subscriptions") == 1));
      Await.result(java.publish("php", 7));
      assertThat(new String(raw.readPayload(), StandardCharsets.UTF_8))
          .isEqualTo(EVENT_PHP.formatted(7));
      assertThat(log.lines().stream().filter(l -> l.contains("queues are not available")))
          .containsExactly("WARN Channel connection=" + connectionId(off) + " from 127.0.0.1 "
              + "sent 'watch': queues are not available on this server; its queue frames are "
              + "ignored");
      assertThat(off.stats().getLong("protocolErrors")).isZero();
    }
  }

  private long connectionId(ChannelServer on) {
    return on.connections().stream().map(c -> (io.vertx.core.json.JsonObject) c)
        .filter(c -> c.getBoolean("php")).findFirst().orElseThrow().getLong("id");
  }
}
