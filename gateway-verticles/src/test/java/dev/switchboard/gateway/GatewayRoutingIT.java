package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-wide {@link Gateway} on 3 clustered nodes: gateways on nodes 0 and 1, the API
 * called from node 2, which runs none (a business node); real frame-protocol clients.
 */
class GatewayRoutingIT extends RoutingCluster {

  @Test
  void everyCallWorksFromANodeWithoutGateway() throws Exception {
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket b0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket a1 = new RawSocket(gateways[1].actualFramePort())) {
      String idA0 = recorders[0].nextConnection().id();
      String idB0 = recorders[0].nextConnection().id();
      String idA1 = recorders[1].nextConnection().id();
      String node0 = idA0.substring(0, idA0.indexOf('-'));
      String node1 = idA1.substring(0, idA1.indexOf('-'));
      assertThat(node0).isNotEqualTo(node1);
      assertThat(Set.of(idA0, idB0, idA1)).hasSize(3);

      // one client
      assertThat(Await.result(api.isOnline(idA1))).isTrue();
      assertThat(Await.result(api.isOnline(node1 + "-1-999"))).isFalse();
      assertThat(Await.result(api.isOnline("0123456789abcdef-1-1"))).isFalse(); // no such node
      assertThat(Await.failure(api.isOnline("junk"))).isInstanceOf(IllegalArgumentException.class);
      assertThat(Await.result(api.sendToClient(idA1, "direct"))).isIn(SendResult.WRITTEN,
          SendResult.QUEUED);
      assertThat(a1.readFrame()).isEqualTo("direct");
      assertThat(Await.result(api.sendToClient(node1 + "-1-999", "nobody")))
          .isEqualTo(SendResult.CLOSED);

      // groups, across nodes, with excludes
      assertThat(Await.result(api.joinGroup(idA0, "room"))).isTrue();
      assertThat(Await.result(api.joinGroup(idA1, "room"))).isTrue();
      assertThat(Await.result(api.getClientIdsByGroup("room"))).containsExactlyInAnyOrder(idA0,
          idA1);
      assertThat(Await.result(api.getClientCountByGroup("room"))).isEqualTo(2);
      ClusterSendResult room = Await.result(api.sendToGroup("room", "hi room", List.of()));
      assertThat(room.byNode().keySet()).containsExactlyInAnyOrder(node0, node1);
      assertThat(room.total().accepted()).isEqualTo(2);
      assertThat(a0.readFrame()).isEqualTo("hi room");
      assertThat(a1.readFrame()).isEqualTo("hi room");
      assertThat(Await.result(api.sendToGroup("room", "not a1", List.of(idA1))).total()
          .accepted()).isEqualTo(1);
      assertThat(a0.readFrame()).isEqualTo("not a1");

      // a group held by node 0 only: node 1 is not even asked
      assertThat(Await.result(api.joinGroup(idB0, "solo"))).isTrue();
      long node1Requests = routingRequests(1);
      ClusterSendResult solo = Await.result(api.sendToGroup("solo", "solo only", List.of()));
      assertThat(solo.byNode().keySet()).containsExactly(node0);
      assertThat(b0.readFrame()).isEqualTo("solo only");
      assertThat(routingRequests(1)).isEqualTo(node1Requests);

      // uids
      assertThat(Await.result(api.bindUid(idA1, "u1"))).isTrue();
      assertThat(Await.result(api.isUidOnline("u1"))).isTrue();
      assertThat(Await.result(api.getClientIdsByUid("u1"))).containsExactly(idA1);
      assertThat(Await.result(api.getUidByClientId(idA1))).isEqualTo("u1");
      assertThat(Await.result(api.sendToUid("u1", "to u1")).total().accepted()).isEqualTo(1);
      assertThat(a1.readFrame()).isEqualTo("to u1");
      assertThat(Await.result(api.unbindUid(idA1, "u1"))).isTrue();
      assertThat(Await.result(api.isUidOnline("u1"))).isFalse();
      assertThat(Await.result(api.getUidByClientId(idA1))).isNull();

      // sessions
      assertThat(Await.result(api.setSession(idA0, new JsonObject().put("name", "ann")))).isTrue();
      assertThat(Await.result(api.updateSession(idA0, new JsonObject().put("age", 3)))).isTrue();
      assertThat(Await.result(api.getSession(idA0))).isEqualTo(new JsonObject()
          .put("name", "ann").put("age", 3));
      assertThat(Await.result(api.getSession(idB0))).isEqualTo(new JsonObject());
      assertThat(Await.result(api.getSession(node0 + "-1-999"))).isNull();

      // everyone
      assertThat(Await.result(api.getAllClientCount())).isEqualTo(3);
      JsonObject clusterStatus = new JsonObject(Clients.httpGet(gateways[1].actualPort(),
          "/status?cluster=true"));
      assertThat(clusterStatus.getJsonObject("nodes").fieldNames()).containsExactlyInAnyOrder(
          node0, node1);
      assertThat(clusterStatus.getJsonObject("cluster").getLong("connections")).isEqualTo(3);
      assertThat(clusterStatus.getJsonObject("cluster").getInteger("nodes")).isEqualTo(2);
      ClusterSendResult all = Await.result(api.sendToAll("everyone"));
      assertThat(all.total().accepted()).isEqualTo(3);
      for (RawSocket client : List.of(a0, b0, a1)) {
        assertThat(client.readFrame()).isEqualTo("everyone");
      }

      // leaving, ungrouping
      assertThat(Await.result(api.leaveGroup(idA0, "room"))).isTrue();
      assertThat(Await.result(api.getClientIdsByGroup("room"))).containsExactly(idA1);
      Await.result(api.ungroup("room"));
      assertThat(Await.result(api.getClientCountByGroup("room"))).isZero();

      // closing: the last message first; membership goes with the connection
      assertThat(Await.result(api.closeClient(idB0, "bye"))).isTrue();
      assertThat(b0.readFrame()).isEqualTo("bye");
      assertThat(b0.readToEnd()).isEmpty();
      awaitOffline(idB0);
      assertThat(Await.result(api.getClientIdsByGroup("solo"))).isEmpty();
      assertThat(Await.result(api.destroyClient(idA1))).isTrue();
      assertThat(a1.readToEnd()).isEmpty();
      awaitOffline(idA1);
      assertThat(Await.result(api.destroyClient(idA1))).isFalse();
      assertThat(Await.result(api.getAllClientCount())).isEqualTo(1);
    }
  }

  @Test
  void aClientThatDisconnectsLeavesItsGroupsAndUid() throws Exception {
    String id;
    try (RawSocket client = new RawSocket(gateways[1].actualFramePort())) {
      id = recorders[1].nextConnection().id();
      assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
      assertThat(Await.result(api.bindUid(id, "u"))).isTrue();
    }
    recorders[1].nextClosed();
    Await.condition(cluster.vertx(2), 20, () -> api.getClientIdsByGroup("g").map(List::isEmpty));
    assertThat(Await.result(api.isUidOnline("u"))).isFalse();
    assertThat(Await.result(api.joinGroup(id, "g"))).isFalse();
  }

  @Test
  void aKilledNodesClientsLeaveAndQueriesStillAnswer() throws Exception {
    try (NodeProcess doomed = KillableGatewayNode.start(cluster)) {
      int port = KillableGatewayNode.framePort(cluster.vertx(2));
      try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
          RawSocket doomedClient = new RawSocket(port)) {
        String idA0 = recorders[0].nextConnection().id();
        String idDoomed = doomedClient.sendFrame("who am I").readFrame();
        // the new node's clients are reachable once the caller's node knows the node (its
        // routing channels reach every node within moments of its start)
        Await.condition(cluster.vertx(2), 20, () -> api.isOnline(idDoomed));
        Await.result(api.joinGroup(idA0, "room"));
        assertThat(Await.result(api.joinGroup(idDoomed, "room"))).isTrue();
        assertThat(Await.result(api.bindUid(idDoomed, "u1"))).isTrue();
        assertThat(Await.result(api.getClientCountByGroup("room"))).isEqualTo(2);

        doomed.kill(); // SIGKILL

        // every answer comes within a bound, without the dead node
        Duration bound = Duration.ofMillis(3 * TIMEOUT);
        assertThat(Await.result(api.getClientIdsByGroup("room"), bound, "group query"))
            .containsExactly(idA0);
        assertThat(Await.result(api.isOnline(idDoomed), bound, "isOnline")).isFalse();
        assertThat(Await.result(api.isUidOnline("u1"), bound, "uid query")).isFalse();
        assertThat(Await.result(api.sendToClient(idDoomed, "lost"), bound, "send"))
            .isEqualTo(SendResult.CLOSED);
        ClusterSendResult room = Await.result(api.sendToGroup("room", "still here", List.of()),
            bound, "group send");
        assertThat(room.total().accepted()).isEqualTo(1);
        assertThat(a0.readFrame()).isEqualTo("still here");
        assertThat(Await.result(api.getAllClientCount(), bound, "count")).isEqualTo(1);
      }
    }
  }

  private void awaitOffline(String clientId) {
    Await.condition(cluster.vertx(2), 20, () -> api.isOnline(clientId).map(online -> !online));
  }

  private long routingRequests(int node) {
    return routing(node).getLong("requests");
  }
}
