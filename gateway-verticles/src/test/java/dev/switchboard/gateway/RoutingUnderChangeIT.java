package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.gateway.impl.RoutingRace;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing of a gateway node while its state changes under it: membership changes racing each
 * other, with the window between the steps of a change held open ({@link RoutingRace}), and the
 * node's channel space shared with a {@link Gateway} that is closed. A gateway on node 0, the API
 * on node 1, real frame-protocol clients.
 */
class RoutingUnderChangeIT {

  private ClusterNodes cluster;
  private final Recorder recorder = new Recorder();
  private GatewayVerticle gateway;
  private Gateway api;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0), recorder);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    api = Await.result(ClusterGateway.create(cluster.vertx(1), 2_000));
  }

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      Await.result(api.close());
    }
    cluster.close();
  }

  @Test
  void aUidAndGroupStayReachableWhenTheOldConnectionsLeaveLandsAfterTheNewOnesJoin()
      throws Exception {
    try (RawSocket c2 = new RawSocket(gateway.actualFramePort())) {
      String id2 = recorder.nextConnection().id();
      String id1;
      try (RoutingRace race = RoutingRace.hold(RoutingRace.CLOSED)) {
        try (RawSocket c1 = new RawSocket(gateway.actualFramePort())) {
          id1 = recorder.nextConnection().id();
          assertThat(Await.result(api.bindUid(id1, "u"))).isTrue();
          assertThat(Await.result(api.joinGroup(id1, "g"))).isTrue();
        }
        race.awaitHeld(); // c1 left u and g; the node's interest has not followed yet
        // the user reconnected: the new connection takes the uid and the group over
        assertThat(Await.result(api.bindUid(id2, "u"))).isTrue();
        assertThat(Await.result(api.joinGroup(id2, "g"))).isTrue();
        race.release(); // the old connection's interest change lands late
      }
      recorder.nextClosed();
      // a change acknowledged by every node after the late one: the cluster has seen both
      assertThat(Await.result(api.joinGroup(id2, "barrier"))).isTrue();

      ClusterSendResult toUid = Await.result(api.sendToUid("u", "to u"));
      assertThat(toUid.total().accepted()).as("sendToUid after the race").isEqualTo(1);
      assertThat(c2.readFrame()).isEqualTo("to u");
      ClusterSendResult toGroup = Await.result(api.sendToGroup("g", "to g", List.of()));
      assertThat(toGroup.total().accepted()).as("sendToGroup after the race").isEqualTo(1);
      assertThat(c2.readFrame()).isEqualTo("to g");
      assertThat(Await.result(api.getClientIdsByGroup("g"))).containsExactly(id2);
      assertThat(Await.result(api.getClientIdsByUid("u"))).containsExactly(id2);
      assertThat(id1).isNotEqualTo(id2);
    }
  }

  @Test
  void aClientOfflineIsNoLongerListedEvenBeforeItLeftItsGroupsAndUid() throws Exception {
    try (RoutingRace race = RoutingRace.hold(RoutingRace.LEAVING)) {
      String id;
      try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
        id = recorder.nextConnection().id();
        assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
        assertThat(Await.result(api.bindUid(id, "u"))).isTrue();
      }
      race.awaitHeld(); // the registry forgot the client; its groups and uid still hold it
      assertThat(Await.result(api.isOnline(id))).isFalse();
      assertThat(Await.result(api.getClientIdsByGroup("g"))).isEmpty();
      assertThat(Await.result(api.getClientCountByGroup("g"))).isZero();
      assertThat(Await.result(api.getClientIdsByUid("u"))).isEmpty();
      assertThat(Await.result(api.isUidOnline("u"))).isFalse();
      assertThat(Await.result(api.sendToGroup("g", "anyone?", List.of())).total().accepted())
          .isZero();
      race.release();
      assertNoTrace(id);
    }
  }

  @Test
  void aConnectionClosingWhileItJoinsAGroupLeavesNoDeadMember() throws Exception {
    String id = closeWhileHeld(RoutingRace.JOIN, client -> api.joinGroup(client, "g"));
    assertNoTrace(id);
    assertThat(Await.result(api.getClientIdsByGroup("g"))).isEmpty();
    assertThat(Await.result(api.sendToGroup("g", "anyone?", List.of())).total().accepted())
        .isZero();
  }

  @Test
  void aConnectionClosingWhileItBindsAUidLeavesNoDeadMember() throws Exception {
    String id = closeWhileHeld(RoutingRace.BIND, client -> api.bindUid(client, "u"));
    assertNoTrace(id);
    assertThat(Await.result(api.getClientIdsByUid("u"))).isEmpty();
    assertThat(Await.result(api.isUidOnline("u"))).isFalse();
    assertThat(Await.result(api.sendToUid("u", "anyone?")).total().accepted()).isZero();
  }

  @Test
  void closingAGatewayTwiceLeavesTheNodesRoutingUp() throws Exception {
    Gateway local = Await.result(ClusterGateway.create(cluster.vertx(0), 2_000));
    Await.result(local.close());
    Await.result(local.close());
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      String id = recorder.nextConnection().id();
      assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
      ClusterSendResult sent = Await.result(api.sendToGroup("g", "still routed", List.of()));
      assertThat(sent.total().accepted()).as("group send after a double close").isEqualTo(1);
      assertThat(client.readFrame()).isEqualTo("still routed");
    }
  }

  /**
   * Starts a membership change of a new client, holds it after its lookup of the client, closes
   * the client meanwhile, then lets the change go on; the change must answer false.
   *
   * @return the client's id
   */
  private String closeWhileHeld(String step, Function<String, Future<Boolean>> change)
      throws Exception {
    String id;
    Future<Boolean> changed;
    try (RoutingRace race = RoutingRace.hold(step)) {
      try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
        id = recorder.nextConnection().id();
        changed = change.apply(id);
        race.awaitHeld(); // the change found the client open and has not taken the lock yet
      }
      recorder.nextClosed();
      race.release();
    }
    assertThat(Await.result(changed)).as(step + " of a client that closed meanwhile").isFalse();
    return id;
  }

  /** The node keeps no group, uid or channel interest of a closed client. */
  private void assertNoTrace(String id) {
    assertThat(Await.result(api.isOnline(id))).isFalse();
    JsonObject routing = Await.result(GatewayNode.existing(cluster.vertx(0)).status())
        .getJsonObject("node").getJsonObject("routing");
    assertThat(routing.getInteger("groups")).as("groups held by node 0").isZero();
    assertThat(routing.getInteger("uids")).as("uids held by node 0").isZero();
  }
}
