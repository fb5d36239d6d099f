package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.gateway.GatewayClientScript.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GatewayWorker's GatewayClient, written in PHP with its own pack()/serialize()
 * ({@code gateway_client.php}), against a 3-node cluster: gateways with the inner listener (and a
 * secret key) on nodes 0 and 1, real WebSocket clients on both, and the Java {@link Gateway} on
 * node 2 (no gateway) seeing what PHP did. PHP asks every gateway address and merges the answers,
 * as GatewayClient does, each node answering for its own clients.
 */
class GatewayClientPhpIT {

  static final String SECRET = "s3cret-key";

  private ClusterNodes cluster;
  private final Recorder[] recorders = {new Recorder(), new Recorder()};
  private final GatewayVerticle[] gateways = new GatewayVerticle[2];
  private final List<Socket> sockets = new ArrayList<>();
  private Gateway api;
  private GatewayClientScript php;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      gateways[i] = new GatewayVerticle(new GatewayOptions().setPort(0).setPingInterval(0)
          .setWorkerman(new GatewayWorkermanOptions().setPort(0).setSecretKey(SECRET)),
          recorders[i]);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
      addresses.add(gateways[i].workermanAddress());
    }
    api = Await.result(Gateway.create(cluster.vertx(2)));
    php = new GatewayClientScript(addresses, SECRET);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (api != null) {
      Await.result(api.close());
    }
    cluster.close();
  }

  /** A WebSocket client of a gateway node; returns its id. */
  private String webSocket(int node) throws Exception {
    Socket socket = Clients.rawWebSocket(gateways[node].actualPort());
    socket.setSoTimeout(20_000);
    sockets.add(socket);
    return recorders[node].nextConnection().id();
  }

  private String nextText(int socket) throws Exception {
    Clients.ServerFrame frame = Clients.readFrame(sockets.get(socket).getInputStream());
    assertThat(frame).as("a frame on socket %s", socket).isNotNull();
    assertThat(frame.opcode()).as("a text frame").isEqualTo(1);
    return frame.text();
  }

  @Test
  void everyGatewayClientCallWorksClusterWide() throws Exception {
    String w0a = webSocket(0);
    String w0b = webSocket(0);
    String w1a = webSocket(1);
    assertThat(List.of(w0a, w0b, w1a)).allMatch(WorkermanClientId::matches);

    // counts and listings, merged from both nodes
    List<Object> counts = php.run(call("getAllClientIdCount"), call("getAllClientIdList"),
        call("isOnline", w1a), call("isOnline", WorkermanClientId.format(
            WorkermanClientId.parse(w1a).address(), 4_000_000_000L)));
    assertThat(counts.get(0)).isEqualTo(3);
    assertThat((JsonArray) counts.get(1)).containsExactlyInAnyOrder(w0a, w0b, w1a);
    assertThat(counts.get(2)).isEqualTo(1);
    assertThat(counts.get(3)).isEqualTo(0);

    // sends: one client (its id parsed by PHP), everyone, a list, everyone but one
    php.run(call("sendToClient", w1a, "direct"));
    assertThat(nextText(2)).isEqualTo("direct");
    php.run(call("sendToAll", "everyone"));
    for (int i = 0; i < 3; i++) {
      assertThat(nextText(i)).isEqualTo("everyone");
    }
    php.run(call("sendToAll", "listed", List.of(w0a, w1a), List.of(w1a)));
    assertThat(nextText(0)).isEqualTo("listed");
    php.run(call("sendToAll", "not w0b", null, List.of(w0b)));
    assertThat(nextText(0)).isEqualTo("not w0b");
    assertThat(nextText(2)).isEqualTo("not w0b");
    php.run(call("sendToClient", w0b, "w0b's next"));
    assertThat(nextText(1)).as("w0b got nothing before").isEqualTo("w0b's next");

    // uids: PHP binds, Java sees it
    List<Object> uids = php.run(call("bindUid", w0b, "u1"), call("bindUid", w1a, "u1"),
        call("getClientIdByUid", "u1"), call("isUidOnline", "u1"), call("isUidOnline", "nobody"),
        call("batchGetClientIdByUid", List.of("u1", "nobody")));
    assertThat((JsonArray) uids.get(2)).containsExactlyInAnyOrder(w0b, w1a);
    assertThat(uids.get(3)).isEqualTo(1);
    assertThat(uids.get(4)).isEqualTo(0);
    assertThat(((JsonObject) uids.get(5)).getJsonArray("u1")).containsExactlyInAnyOrder(w0b,
        w1a);
    assertThat(Await.result(api.getClientIdsByUid("u1"))).containsExactlyInAnyOrder(w0b, w1a);
    php.run(call("sendToUid", "u1", "to u1"));
    assertThat(nextText(1)).isEqualTo("to u1");
    assertThat(nextText(2)).isEqualTo("to u1");
    php.run(call("unbindUid", w0b, "u1"));
    assertThat(php.one("getClientIdByUid", "u1")).isEqualTo(new JsonArray().add(w1a));

    // groups, with an exclusion; Java sees the members
    List<Object> groups = php.run(call("joinGroup", w0a, "room"), call("joinGroup", w1a, "room"),
        call("getClientCountByGroup", "room"), call("getAllGroupIdList"),
        call("batchGetClientCountByGroup", List.of("room", "empty")),
        call("getUidListByGroup", "room"));
    assertThat(groups.get(2)).isEqualTo(2);
    assertThat(groups.get(3)).isEqualTo(new JsonArray().add("room"));
    assertThat(groups.get(4)).isEqualTo(new JsonObject().put("room", 2).put("empty", 0));
    assertThat(groups.get(5)).isEqualTo(new JsonArray().add("u1"));
    assertThat(Await.result(api.getClientIdsByGroup("room"))).containsExactlyInAnyOrder(w0a,
        w1a);
    php.run(call("sendToGroup", "room", "hi room", List.of(w1a)));
    assertThat(nextText(0)).isEqualTo("hi room");
    php.run(call("sendToGroup", List.of("room"), "all of room"));
    assertThat(nextText(0)).isEqualTo("all of room");
    assertThat(nextText(2)).as("w1a was excluded before").isEqualTo("all of room");

    // sessions: PHP arrays, kept by the node holding the client, seen by Java as JSON
    JsonObject session = new JsonObject().put("name", "ann").put("tags", new JsonArray()
        .add("a").add("b"));
    List<Object> sessions = php.run(call("setSession", w0a, session.getMap()),
        call("updateSession", w0a, Map.of("age", 3)), call("getSession", w0a),
        call("getSession", w0b), call("getClientSessionsByGroup", "room"),
        call("getAllClientSessions"));
    JsonObject expected = session.copy().put("age", 3);
    assertThat(sessions.get(2)).isEqualTo(expected);
    assertThat(sessions.get(3)).as("never set").isEqualTo(new JsonArray());
    assertThat(((JsonObject) sessions.get(4)).fieldNames()).containsExactlyInAnyOrder(w0a, w1a);
    assertThat(((JsonObject) sessions.get(4)).getJsonObject(w0a)).isEqualTo(expected);
    assertThat(((JsonObject) sessions.get(5)).fieldNames()).containsExactlyInAnyOrder(w0a, w0b,
        w1a);
    assertThat(Await.result(api.getSession(w0a))).isEqualTo(expected);
    Await.result(api.setSession(w1a, new JsonObject().put("from", "java")));
    assertThat(php.one("getSession", w1a)).isEqualTo(new JsonObject().put("from", "java"));

    // leaving, ungrouping
    php.run(call("leaveGroup", w0a, "room"));
    assertThat(php.one("getClientCountByGroup", "room")).isEqualTo(1);
    php.run(call("ungroup", "room"));
    assertThat(php.one("getClientCountByGroup", "room")).isEqualTo(0);
    assertThat(Await.result(api.getClientIdsByGroup("room"))).isEmpty();

    // closing: a last message, then the close; destroying at once
    php.run(call("closeClient", w0b, "bye"));
    assertThat(nextText(1)).isEqualTo("bye");
    Clients.ServerFrame close = Clients.readFrame(sockets.get(1).getInputStream());
    assertThat(close == null || close.opcode() == 8).as("a close frame or the end").isTrue();
    sockets.get(1).close(); // the client's side of the close
    php.run(call("destroyClient", w1a));
    assertThat(sockets.get(2).getInputStream().readAllBytes()).isEmpty();
    for (String gone : List.of(w0b, w1a)) {
      Await.condition(cluster.vertx(2), 20, () -> api.isOnline(gone).map(online -> !online));
    }
    Await.condition(cluster.vertx(2), 20, () -> api.getAllClientCount().map(n -> n == 1));
    List<Object> after = php.run(call("isOnline", w1a), call("getSession", w1a),
        call("getAllClientIdCount"));
    assertThat(after).containsExactly(0, null, 1);
  }
}
