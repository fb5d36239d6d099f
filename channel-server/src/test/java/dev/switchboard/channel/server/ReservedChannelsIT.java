package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the reserved channels ({@code $…}, the gateway's back door) through the channel
 * port, as a hostile local client would make them with raw frames: without the gateway role they
 * are refused with FORBIDDEN and deliver nothing; with it, a remote client still never reads the
 * gateway nodes' channels nor answers on a reply channel; in-cluster (local) clients keep full
 * access.
 */
class ReservedChannelsIT extends ClusteredTestBase {

  static final String GATEWAY_TOKEN = "gateway-role-token-0123";
  static final String TOKEN = "plain-client-token-0123";

  private final ChannelHarness harness = new ChannelHarness();
  private ChannelClient local;
  private final Inbox reserved = new Inbox();

  @BeforeEach
  void start() throws Exception {
    startNodes(1);
    local = harness.local(cluster.vertx(0));
    // what gateway nodes listen to, inside the cluster
    for (String channel : List.of("$gateway.all", "$gateway.group.x", "$gateway.uid.x",
        "$gateway.node.n1", "$private")) {
      Await.result(local.on(channel, reserved));
    }
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private ChannelServer server(JsonObject config) {
    // JSON keys: the same test compiles against servers that do not know them
    return harness.server(cluster.vertx(0), new ChannelServerOptions(config.put("port", 0)));
  }

  private static JsonObject request(String type, int id, String channel) {
    JsonObject request = new JsonObject().put("type", type).put("id", id)
        .put("channels", new JsonArray().add(channel));
    return type.equals("publish") ? request.put("data", new JsonObject().put("text", "forged"))
        : request;
  }

  private static void assertForbidden(JsonObject answer, int id) {
    assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("error");
    assertThat(answer.getString("code")).isEqualTo("FORBIDDEN");
    assertThat(answer.getInteger("id")).isEqualTo(id);
  }

  @Test
  void anAnonymousClientCannotPublishOrSubscribeToReservedChannels() throws Exception {
    ChannelServer server = server(new JsonObject().put("gatewayToken", GATEWAY_TOKEN));
    try (RawClient anonymous = new RawClient(server.actualPort())) {
      int id = 0;
      for (String channel : List.of("$gateway.all", "$gateway.group.x", "$gateway.uid.x",
          "$gateway.node.n1", "$private")) {
        anonymous.send(request("publish", ++id, channel));
        assertForbidden(anonymous.read(), id);
        anonymous.send(request("subscribe", ++id, channel));
        assertForbidden(anonymous.read(), id);
      }
      // the connection stays usable for plain channels
      anonymous.send(request("subscribe", ++id, "plain"));
      assertThat(anonymous.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", id));
      assertThat(server.stats().getLong("subscriptions")).isEqualTo(1);
    }
    // nothing forged was delivered: the first event the gateway side sees is a legitimate one
    Await.result(local.publish("$gateway.all", "legitimate"));
    assertThat(reserved.next().data()).isEqualTo("legitimate");
  }

  @Test
  void theGatewayRoleUsesReservedChannelsButNeverTheNodesOrTheReplies() throws Exception {
    ChannelServer server = server(new JsonObject().put("token", TOKEN)
        .put("gatewayToken", GATEWAY_TOKEN));
    try (RawClient plain = new RawClient(server.actualPort());
        RawClient gateway = new RawClient(server.actualPort())) {
      plain.send(new JsonObject().put("type", "auth").put("id", 1).put("token", TOKEN));
      assertThat(plain.read().getString("type")).isEqualTo("ack");
      plain.send(request("publish", 2, "$gateway.all"));
      assertForbidden(plain.read(), 2);

      gateway.send(new JsonObject().put("type", "auth").put("id", 1).put("token", GATEWAY_TOKEN));
      assertThat(gateway.read().getString("type")).isEqualTo("ack");
      // a caller's calls are not readable by anyone outside the cluster
      gateway.send(request("subscribe", 2, "$gateway.node.n1"));
      assertForbidden(gateway.read(), 2);
      gateway.send(request("subscribe", 3, "$gateway.group.x"));
      assertForbidden(gateway.read(), 3);
      // only gateway nodes answer calls
      gateway.send(request("publish", 4, "$gateway.reply.0f1e2d3c"));
      assertForbidden(gateway.read(), 4);
      // what a remote gateway caller needs
      gateway.send(request("subscribe", 5, "$gateway.reply.0f1e2d3c"));
      assertThat(gateway.read().getString("type")).isEqualTo("ack");
      gateway.send(request("subscribe", 6, "$private"));
      assertThat(gateway.read().getString("type")).isEqualTo("ack");
      gateway.send(request("publish", 7, "$gateway.node.n1"));
      assertThat(gateway.read().getString("type")).isEqualTo("ack");
      var call = reserved.next();
      assertThat(call.channel()).isEqualTo("$gateway.node.n1");
      assertThat(((JsonObject) call.data()).getString("text")).isEqualTo("forged");
      // local clients, inside the cluster, have full access
      Await.result(local.publish("$private", "from inside"));
      JsonObject event = gateway.read();
      assertThat(event.getString("channel")).isEqualTo("$private");
      assertThat(event.getValue("data")).isEqualTo("from inside");
    }
  }

  @Test
  void aRemoteChannelClientSeesForbiddenAndKeepsNothing() throws Exception {
    ChannelServer server = server(new JsonObject().put("gatewayToken", GATEWAY_TOKEN));
    ChannelClient client = harness.remote(cluster.vertx(0), server);
    Throwable refused = Await.failure(client.on("$gateway.node.n1", m -> { }));
    assertThat(refused).isInstanceOf(ChannelException.class);
    assertThat(((ChannelException) refused).reason().name()).isEqualTo("FORBIDDEN");
    Throwable published = Await.failure(client.publish("$gateway.all", "x"));
    assertThat(((ChannelException) published).reason().name()).isEqualTo("FORBIDDEN");
    assertThat(server.stats().getLong("subscriptions")).isZero();
    Await.result(local.publish("$gateway.all", "legitimate"));
    assertThat(reserved.next().data()).isEqualTo("legitimate");
  }
}
