package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import dev.switchboard.testkit.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GatewayWorker's client ids ({@code bin2hex(pack('NnN', ip2long(lanIp), lanPort, connId))}) on
 * 3 clustered nodes whose gateways (nodes 0 and 1) run the inner listener: the cluster-wide
 * {@link Gateway}, called from node 2 (no gateway), finds the node of such an id through the
 * address in it.
 */
class WorkermanRoutingIT extends RoutingCluster {

  @Override
  GatewayOptions gatewayOptions() {
    return new GatewayOptions().setWorkerman(new GatewayWorkermanOptions().setPort(0));
  }

  @Test
  void gatewayWorkerIdsAreRoutedClusterWide() throws Exception {
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket b0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket a1 = new RawSocket(gateways[1].actualFramePort())) {
      String idA0 = recorders[0].nextConnection().id();
      String idB0 = recorders[0].nextConnection().id();
      String idA1 = recorders[1].nextConnection().id();
      for (String id : List.of(idA0, idB0, idA1)) {
        assertThat(id).matches("[0-9a-f]{20}");
      }
      WorkermanClientId a0Id = WorkermanClientId.parse(idA0);
      WorkermanClientId a1Id = WorkermanClientId.parse(idA1);
      assertThat(a0Id.address().ip()).isEqualTo("127.0.0.1");
      assertThat(a0Id.address()).isEqualTo(WorkermanClientId.parse(idB0).address());
      assertThat(a0Id.address().port()).isNotEqualTo(a1Id.address().port());
      assertThat(WorkermanClientId.parse(idB0).connectionId())
          .isEqualTo((a0Id.connectionId() + 1) & 0xffff_ffffL);

      assertThat(Await.result(api.isOnline(idA1))).isTrue();
      String unknownConnection = WorkermanClientId.format(a1Id.address(),
          (a1Id.connectionId() + 1000) & 0xffff_ffffL);
      assertThat(Await.result(api.isOnline(unknownConnection))).isFalse();
      assertThat(Await.result(api.isOnline("7f000001000100000001"))).as("no node at :1")
          .isFalse();
      assertThat(Await.result(api.sendToClient(idA1, "direct"))).isIn(SendResult.WRITTEN,
          SendResult.QUEUED);
      assertThat(a1.readFrame()).isEqualTo("direct");

      assertThat(Await.result(api.joinGroup(idA0, "room"))).isTrue();
      assertThat(Await.result(api.joinGroup(idA1, "room"))).isTrue();
      assertThat(Await.result(api.getClientIdsByGroup("room"))).containsExactlyInAnyOrder(idA0,
          idA1);
      assertThat(Await.result(api.sendToGroup("room", "not a1", List.of(idA1))).total()
          .accepted()).isEqualTo(1);
      assertThat(a0.readFrame()).isEqualTo("not a1");
      assertThat(Await.result(api.sendToAll("listed", List.of(idB0, idA1), List.of(idA1)))
          .total().accepted()).isEqualTo(1);
      assertThat(b0.readFrame()).isEqualTo("listed");

      assertThat(Await.result(api.bindUid(idA1, "u1"))).isTrue();
      assertThat(Await.result(api.getClientIdsByUid("u1"))).containsExactly(idA1);
      assertThat(Await.result(api.setSession(idA0, new JsonObject().put("k", "v")))).isTrue();
      assertThat(Await.result(api.getSession(idA0))).isEqualTo(new JsonObject().put("k", "v"));

      assertThat(Await.result(api.closeClient(idB0, "bye"))).isTrue();
      assertThat(b0.readFrame()).isEqualTo("bye");
      assertThat(Await.result(api.destroyClient(idA1))).isTrue();
      assertThat(a1.readToEnd()).isEmpty();
      Await.condition(cluster.vertx(2), 20, () -> api.isOnline(idA1).map(online -> !online));
    }
  }
}
