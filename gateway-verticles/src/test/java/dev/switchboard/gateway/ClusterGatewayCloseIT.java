package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a {@link Gateway} on a node that also runs a gateway verticle (both share the node's
 * channel space): a gateway on node 0, the API on both nodes.
 */
class ClusterGatewayCloseIT {

  private ClusterNodes cluster;
  private final Recorder recorder = new Recorder();
  private GatewayVerticle gateway;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0), recorder);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void closingAGatewayTwiceLeavesTheNodesRoutingUp() throws Exception {
    Gateway local = Await.result(ClusterGateway.create(cluster.vertx(0), 2_000));
    Await.result(local.close());
    Await.result(local.close());
    Gateway api = Await.result(ClusterGateway.create(cluster.vertx(1), 2_000));
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      String id = recorder.nextConnection().id();
      assertThat(Await.result(api.joinGroup(id, "g"))).isTrue();
      ClusterSendResult sent = Await.result(api.sendToGroup("g", "still routed", List.of()));
      assertThat(sent.total().accepted()).as("group send after a double close").isEqualTo(1);
      assertThat(client.readFrame()).isEqualTo("still routed");
    } finally {
      Await.result(api.close());
    }
  }
}
