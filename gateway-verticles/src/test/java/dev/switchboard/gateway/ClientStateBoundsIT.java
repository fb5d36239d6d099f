package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state a gateway node keeps for one client is bounded: a caller that makes a client join
 * group after group, or grows its session call after call, gets a clear error once the bound is
 * reached, and nothing else changes (the client's other state, other clients).
 */
class ClientStateBoundsIT {

  private ClusterNodes cluster;
  private final Recorder recorder = new Recorder();
  private GatewayVerticle gateway;
  private Gateway api;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(1);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setMaxGroupsPerClient(3), recorder);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    api = Await.result(ClusterGateway.create(cluster.vertx(0), 1_000));
  }

  @AfterEach
  void stop() throws Exception {
    Await.result(api.close());
    cluster.close();
  }

  @Test
  void joinGroupBeyondMaxGroupsPerClientFailsAndChangesNothing() throws Exception {
    try (RawSocket a = new RawSocket(gateway.actualFramePort());
        RawSocket b = new RawSocket(gateway.actualFramePort())) {
      String idA = recorder.nextConnection().id();
      String idB = recorder.nextConnection().id();
      for (String group : List.of("g1", "g2", "g3")) {
        assertThat(Await.result(api.joinGroup(idA, group))).isTrue();
      }
      Throwable refused = Await.failure(api.joinGroup(idA, "g4"));
      assertThat(refused).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TOO_MANY_GROUPS");
      assertThat(Await.result(api.getClientCountByGroup("g4"))).isZero();
      assertThat(Await.result(api.joinGroup(idA, "g1"))).as("a group it is in").isTrue();
      assertThat(Await.result(api.joinGroup(idB, "g4"))).as("another client").isTrue();
      assertThat(Await.result(api.sendToGroup("g1", "still routed", List.of())).total()
          .accepted()).isEqualTo(1);
      assertThat(a.readFrame()).isEqualTo("still routed");
      assertThat(Await.result(api.leaveGroup(idA, "g2"))).isTrue();
      assertThat(Await.result(api.joinGroup(idA, "g4"))).as("room again after a leave").isTrue();
      assertThat(Await.result(api.getClientIdsByGroup("g4"))).containsExactlyInAnyOrder(idA, idB);
    }
  }

  @Test
  void aSessionLargerThanMaxSessionSizeIsRefusedWithSessionTooLarge() throws Exception {
    try (RawSocket a = new RawSocket(gateway.actualFramePort());
        RawSocket b = new RawSocket(gateway.actualFramePort())) {
      String idA = recorder.nextConnection().id();
      String idB = recorder.nextConnection().id();
      assertThat(Await.result(api.setSession(idA, new JsonObject().put("name", "a")))).isTrue();
      assertThat(Await.result(api.setSession(idB, new JsonObject().put("name", "b")))).isTrue();
      // the attack: one large update after another (the default bound is 64 KiB)
      String tenKiB = "x".repeat(10 * 1024);
      int accepted = 0;
      Throwable refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        refused = Await.result(api.updateSession(idA, new JsonObject().put("k" + i, tenKiB))
            .map(ok -> (Throwable) null).otherwise(failure -> failure));
        accepted += refused == null ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(6);
      assertThat(refused).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SESSION_TOO_LARGE");
      JsonObject session = Await.result(api.getSession(idA));
      assertThat(session.fieldNames()).hasSize(7).doesNotContain("k6");
      assertThat(Await.failure(api.setSession(idA, new JsonObject().put("big",
          "y".repeat(GatewayOptions.DEFAULT_MAX_SESSION_SIZE))))).hasMessageContaining(
          "SESSION_TOO_LARGE");
      assertThat(Await.result(api.getSession(idA))).isEqualTo(session);
      assertThat(Await.result(api.getSession(idB))).isEqualTo(new JsonObject().put("name", "b"));
      assertThat(Await.result(api.setSession(idA, new JsonObject().put("small", 1)))).isTrue();
    }
  }
}
