package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link GatewayQueriesIT}, with the API called by a process outside the cluster
 * through {@link Gateway#remote} ({@link RemoteCaller}: the reserved channels, the gateway role);
 * and calls published by hand, checked by the gateway node that runs them.
 */
class RemoteGatewayQueriesIT extends GatewayQueriesIT {

  private final RemoteCaller caller = new RemoteCaller();

  @Override
  Gateway createApi() throws Exception {
    return caller.start(cluster, 2, 2 * TIMEOUT);
  }

  @Override
  void closeCaller() throws Exception {
    caller.close();
  }

  @Test
  void badCallsPublishedByHandGetClearErrors() throws Exception {
    connectClients();
    String reply = "$gateway.reply.by-hand";
    Map<Integer, JsonObject> answers = new ConcurrentHashMap<>();
    Await.result(caller.channels.on(reply, message -> {
      JsonObject answer = (JsonObject) message.data();
      answers.put(answer.getInteger("id"), answer);
    }));
    String channel = "$gateway.node." + nodeOf(0);
    List<JsonObject> calls = List.of(
        new JsonObject().put("op", "isUidsOnline").put("uids", "ann"),
        new JsonObject().put("op", "getClientIdsByUids").put("uids", new JsonArray()),
        new JsonObject().put("op", "getClientCountsByGroups").put("groups",
            new JsonArray().add("red").add(7)),
        new JsonObject().put("op", "getUidsByGroup"),
        new JsonObject().put("op", "sendToGroup").put("groups", new JsonArray()).put("text", "x"),
        new JsonObject().put("op", "sendToAll").put("clients", new JsonArray().add("junk"))
            .put("text", "x"),
        new JsonObject().put("op", "sendToUid").put("uids", new JsonArray().add("ann")),
        // a good one, for comparison
        new JsonObject().put("op", "isUidsOnline").put("uids", new JsonArray().add("ann")));
    for (int i = 0; i < calls.size(); i++) {
      Await.result(caller.channels.publish(channel, calls.get(i).put("id", i)
          .put("replyTo", reply)));
    }
    Await.condition(caller.outside, 20, () -> Future.succeededFuture(
        answers.size() == calls.size()));
    List<String> expected = List.of("uids must be an array", "uids must not be empty",
        "non-empty strings only", "group", "groups must not be empty", "not a client id",
        "message missing");
    for (int i = 0; i < expected.size(); i++) {
      assertThat(answers.get(i).getString("error")).as("call %s", i)
          .startsWith(calls.get(i).getString("op") + ": ").contains(expected.get(i));
    }
    assertThat(answers.get(7).getJsonObject("result")).isEqualTo(new JsonObject()
        .put("ann", true));
    // nothing was sent
    assertThat(Await.result(api.sendToAll("first")).total().accepted()).isEqualTo(4);
    assertThat(frameA0.readFrame()).isEqualTo("first");
    assertThat(frameB0.readFrame()).isEqualTo("first");
  }

  @Test
  void aPlainPublishOnAGroupsChannelGoesToThatGroupOnly() throws Exception {
    connectClients();
    // a group's channel names its targets: "groups" in the data is not obeyed
    Await.result(caller.channels.publish("$gateway.group.blue", new JsonObject()
        .put("text", "to blue").put("groups", new JsonArray().add("red"))));
    Await.result(caller.channels.publish("$gateway.all", new JsonObject()
        .put("text", "all but a0").put("exclude", new JsonArray().add(a0))));
    assertThat(frameB0.readFrame()).isEqualTo("to blue");
    assertThat(frameB0.readFrame()).isEqualTo("all but a0");
    assertThat(frameB1.readFrame()).isEqualTo("all but a0");
    // a0 (red, on b0's node) got neither
    assertThat(Await.result(api.sendToAll("second")).total().accepted()).isEqualTo(4);
    assertThat(frameA0.readFrame()).isEqualTo("second");
  }
}
