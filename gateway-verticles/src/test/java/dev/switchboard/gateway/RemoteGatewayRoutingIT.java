package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link GatewayRoutingIT}, with the API called by a process outside the cluster
 * (a business service): a plain Vert.x instance with a remote {@link ChannelClient} connected to
 * a channel server on node 2, through {@link Gateway#remote(Vertx, ChannelClient, long)}.
 */
class RemoteGatewayRoutingIT extends GatewayRoutingIT {

  private final RemoteCaller caller = new RemoteCaller();
  private ChannelClient channels;
  private Vertx outside;

  @Override
  Gateway createApi() throws Exception {
    Gateway remote = caller.start(cluster, 2, 2 * TIMEOUT);
    channels = caller.channels;
    outside = caller.outside;
    return remote;
  }

  @Override
  void closeCaller() throws Exception {
    caller.close();
  }

  @Test
  void badCallsGetClearAnswersAndBreakNothing() throws Exception {
    // published by hand, as a client in another language would
    String reply = "$gateway.reply.test";
    List<JsonObject> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    Await.result(channels.on(reply, message -> answers.add((JsonObject) message.data())));
    String node = nodeOf(0);
    String channel = "$gateway.node." + node;
    Await.result(channels.publish(channel, new JsonObject().put("op", "noSuchCall")
        .put("id", 1).put("replyTo", reply)));
    Await.result(channels.publish(channel, new JsonObject().put("op", "joinGroup")
        .put("id", 2).put("replyTo", reply).put("client", "junk").put("group", "g")));
    Await.result(channels.publish(channel, new JsonObject().put("op", "setSession")
        .put("id", 3).put("replyTo", reply).put("client", node + "-1-1").put("session", 7)));
    // not a reply channel: ignored (a caller cannot make a node publish on other channels)
    Await.result(channels.publish(channel, new JsonObject().put("op", "hello")
        .put("id", 4).put("replyTo", "$gateway.all")));
    Await.result(channels.publish(channel, "not an object"));
    // a node's connection rows are for the status listener only, never for a remote caller
    Await.result(channels.publish(channel, new JsonObject().put("op", "connections")
        .put("id", 5).put("replyTo", reply)));
    Await.condition(outside, 20, () -> io.vertx.core.Future.succeededFuture(answers.size() >= 4));
    assertThat(answers).extracting(a -> a.getInteger("id")).containsExactlyInAnyOrder(1, 2, 3, 5);
    assertThat(answers.stream().filter(a -> a.getInteger("id") == 5).findFirst().orElseThrow()
        .getString("error")).contains("unknown gateway call 'connections'");
    assertThat(answers).allSatisfy(a -> assertThat(a.getString("error")).isNotBlank());
    assertThat(answers.stream().filter(a -> a.getInteger("id") == 1).findFirst().orElseThrow()
        .getString("error")).contains("unknown gateway call 'noSuchCall'");
    // and the API still works
    try (RawSocket client = new RawSocket(gateways[0].actualFramePort())) {
      String id = recorders[0].nextConnection().id();
      assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
      assertThat(Await.result(api.getClientIdsByGroup("g"))).containsExactly(id);
      assertThat(Await.failure(api.joinGroup(id, ""))).isInstanceOf(
          IllegalArgumentException.class);
    }
  }

  @Test
  void aRemoteCallAboutALocalClientIsAnsweredWithoutTheEventBus() throws Exception {
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort())) {
      String id = recorders[0].nextConnection().id();
      JsonObject before = routing(0);
      // each call about id goes to node 0's channel, and node 0 answers it by itself
      assertThat(Await.result(api.isOnline(id))).isTrue();
      assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
      assertThat(Await.result(api.setSession(id, new JsonObject().put("k", 1)))).isTrue();
      assertThat(Await.result(api.getSession(id))).isEqualTo(new JsonObject().put("k", 1));
      assertThat(Await.result(api.sendToClient(id, "direct")).accepted()).isTrue();
      assertThat(a0.readFrame()).isEqualTo("direct");
      assertThat(Await.failure(api.setSession(id, new JsonObject().put("big",
          "x".repeat(70_000))))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SESSION_TOO_LARGE");
      JsonObject after = routing(0);
      assertThat(after.getLong("remoteCalls") - before.getLong("remoteCalls")).isEqualTo(6);
      assertThat(after.getLong("requests")).isEqualTo(before.getLong("requests"));
    }
  }

  @Test
  void aPublishOnARoutingChannelIsASendWithoutAnswer() throws Exception {
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket a1 = new RawSocket(gateways[1].actualFramePort())) {
      String id0 = recorders[0].nextConnection().id();
      String id1 = recorders[1].nextConnection().id();
      Await.result(api.joinGroup(id0, "g"));
      Await.result(api.bindUid(id1, "u"));
      Await.result(channels.publish("$gateway.group.g", new JsonObject().put("text", "to g")));
      assertThat(a0.readFrame()).isEqualTo("to g");
      Await.result(channels.publish("$gateway.uid.u", new JsonObject().put("text", "to u")));
      assertThat(a1.readFrame()).isEqualTo("to u");
      Await.result(channels.publish("$gateway.node." + nodeOf(1), new JsonObject()
          .put("op", "sendToClient").put("client", id1).put("text", "to id1")));
      assertThat(a1.readFrame()).isEqualTo("to id1");
      Await.result(channels.publish("$gateway.all", new JsonObject().put("text", "to all")));
      assertThat(a0.readFrame()).isEqualTo("to all");
      assertThat(a1.readFrame()).isEqualTo("to all");
    }
  }
}
