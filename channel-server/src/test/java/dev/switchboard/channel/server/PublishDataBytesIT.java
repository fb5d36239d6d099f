package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publish's data travels as the bytes it arrived as (docs/protocol.md, section 5): the server
 * checks it as strictly as any request and writes it into the event frames unchanged, so what it
 * refuses in a request it still refuses in a publish's data, and nothing of a refused publish is
 * delivered.
 */
class PublishDataBytesIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();
  private ChannelServer server;

  @BeforeEach
  void start() throws Exception {
    startNodes(1);
    server = harness.server(cluster.vertx(0));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static RawClient subscribed(ChannelServer server, String channel) throws Exception {
    RawClient raw = new RawClient(server.actualPort());
    raw.send(new JsonObject().put("type", "subscribe").put("id", 1)
        .put("channels", new JsonArray().add(channel)));
    assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 1));
    return raw;
  }

  @Test
  void theDataBytesReachSubscribersAsTheyWereSent() throws Exception {
    String data = "{\"b\" : [1, 2.50, \"\\u00e9\", \"\u00fc\"],\n \"a\":null}";
    ChannelClient client = harness.remote(cluster.vertx(0), server);
    Inbox inbox = new Inbox();
    Await.result(client.on("c", inbox));
    try (RawClient subscriber = subscribed(server, "c");
         RawClient publisher = new RawClient(server.actualPort())) {
      publisher.send(RawClient.frame("{\"type\":\"publish\",\"id\":2,\"channels\":[\"c\"],"
          + "\"data\" :  " + data + " \t}"));
      assertThat(publisher.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 2));
      assertThat(new String(subscriber.readPayload(), StandardCharsets.UTF_8))
          .isEqualTo("{\"type\":\"event\",\"channel\":\"c\",\"data\":" + data + "}");
      // the same value for a client that decodes it
      assertThat(inbox.next().data()).isEqualTo(new JsonObject()
          .put("b", new JsonArray(Arrays.asList(1, 2.5, "\u00e9", "\u00fc"))).putNull("a"));
    }
  }

  @Test
  void dataTheServerRefusesIsNeverDelivered() throws Exception {
    try (RawClient subscriber = subscribed(server, "c");
         RawClient publisher = new RawClient(server.actualPort())) {
      String[][] cases = {
          {"{\"a\":1,\"a\":2}", "Duplicate field 'a'"},
          {"[{\"x\":{\"y\":1,\"y\":1}}]", "Duplicate field 'y'"},
          {"\"\\ud800\"", "lone UTF-16 surrogate"},
          {"{\"\\udc00\":1}", "payload is not valid JSON"},
          {"1e999999", "out of the range of a double"},
          {"[1,", "payload is not valid JSON"},
      };
      int id = 10;
      for (String[] bad : cases) {
        publisher.send(RawClient.frame("{\"type\":\"publish\",\"id\":" + id
            + ",\"channels\":[\"c\"],\"data\":" + bad[0] + "}"));
        JsonObject error = publisher.read();
        assertThat(error.getString("code")).as(bad[0]).isEqualTo("BAD_JSON");
        assertThat(error.getString("message")).as(bad[0]).contains(bad[1]);
        id++;
      }
      // a publish with the data twice is refused whole, however valid each one is
      publisher.send(RawClient.frame(
          "{\"type\":\"publish\",\"id\":30,\"channels\":[\"c\"],\"data\":1,\"data\":2}"));
      assertThat(publisher.read().getString("message")).contains("Duplicate field 'data'");
      publisher.send(RawClient.frame(
          "{\"type\":\"publish\",\"id\":31,\"channels\":[\"c\"],\"data\":\"ok\"}"));
      assertThat(publisher.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 31));
      // the first event the subscriber gets is the good one: none of the refused ones went out
      assertThat(subscriber.read()).isEqualTo(new JsonObject().put("type", "event")
          .put("channel", "c").put("data", "ok"));
    }
    assertThat(server.stats().getLong("protocolErrors")).isEqualTo(7);
  }
}
