package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing requests between gateway nodes go through a window per peer node: while the node that
 * holds a client cannot answer (its connection's event loop is stalled), a sender holds at most
 * {@code maxPeerBufferSize} (plus one request) for it, and the requests that did not fit fail at
 * once with {@code PEER_BUSY}; once the node answers again, the window opens and sends go through.
 */
class RoutingWindowIT {

  private static final int WINDOW = 32 * 1024;
  private static final String MESSAGE = "m".repeat(4_000);

  @Test
  void aStalledNodeBoundsItsSendersAndRefusedSendsFailWithPeerBusy() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2)) {
      ChannelNodeOptions options = new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW);
      Await.result(ChannelNode.acquire(cluster.vertx(0), options));
      ChannelNode senderNode = Await.result(ChannelNode.acquire(cluster.vertx(1), options));
      Recorder recorder = new Recorder();
      GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
          .setFramePort(0), recorder);
      Await.result(cluster.vertx(0).deployVerticle(gateway));
      Gateway business = Await.result(ClusterGateway.create(cluster.vertx(1), 20_000));
      CountDownLatch stalled = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
        Connection connection = recorder.nextConnection();
        connection.context().runOnContext(v -> {
          stalled.countDown();
          try {
            release.await(60, TimeUnit.SECONDS); // the connection's event loop, stalled on purpose
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        assertThat(stalled.await(20, TimeUnit.SECONDS)).isTrue();
        List<Future<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          sends.add(business.sendToClient(connection.id(), i + " " + MESSAGE));
        }
        JsonObject window = routingWindow(senderNode, connection.id());
        assertThat(window.getLong("inFlight")).isLessThan(WINDOW + 4_200);
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
          if (sends.get(i).failed()) {
            assertThat(sends.get(i).cause()).isInstanceOf(ChannelException.class)
                .hasMessageContaining("PEER_BUSY");
            assertThat(((ChannelException) sends.get(i).cause()).reason())
                .isEqualTo(ChannelException.Reason.PEER_BUSY);
            refused.add(i);
          }
        }
        assertThat(refused).as("the sends past the window").hasSizeGreaterThan(30);
        assertThat(window.getLong("droppedMessages")).isEqualTo(refused.size());

        release.countDown();
        for (int i = 0; i < sends.size(); i++) {
          if (!refused.contains(i)) {
            assertThat(Await.result(sends.get(i))).isEqualTo(SendResult.WRITTEN);
            assertThat(client.readFrame()).startsWith(i + " ");
          }
        }
        Await.condition(cluster.vertx(1), 20, () -> Future.succeededFuture(
            routingWindow(senderNode, connection.id()).getLong("inFlight") == 0));
        assertThat(Await.result(business.sendToClient(connection.id(), "after")))
            .isEqualTo(SendResult.WRITTEN);
        assertThat(client.readFrame()).isEqualTo("after");
      } finally {
        release.countDown();
        Await.result(business.close());
      }
    }
  }

  @Test
  void lostAcknowledgementsOfRoutingRequestsAreCarriedByThePing() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2)) {
      ChannelNodeOptions options = new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW)
          .setSyncInterval(200);
      ChannelNode receiverNode = Await.result(ChannelNode.acquire(cluster.vertx(0), options));
      ChannelNode senderNode = Await.result(ChannelNode.acquire(cluster.vertx(1), options));
      receiverNode.flow().dropAcks(true);
      Recorder recorder = new Recorder();
      GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
          .setFramePort(0), recorder);
      Await.result(cluster.vertx(0).deployVerticle(gateway));
      Gateway business = Await.result(ClusterGateway.create(cluster.vertx(1), 20_000));
      try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
        String id = recorder.nextConnection().id();
        int sent = 0;
        while (true) { // one at a time: each is answered, none acknowledged but by the ping
          Future<SendResult> send = business.sendToClient(id, sent + " " + MESSAGE);
          Throwable refused = Await.result(send.map(r -> (Throwable) null).otherwise(e -> e));
          if (refused != null) {
            assertThat(refused).isInstanceOf(ChannelException.class)
                .hasMessageContaining("PEER_BUSY");
            break;
          }
          assertThat(client.readFrame()).startsWith(sent + " ");
          sent++;
          assertThat(sent).as("the window shuts without acknowledgements").isLessThan(100);
        }
        assertThat(sent).isGreaterThan(WINDOW / MESSAGE.length() - 1);
        Await.condition(cluster.vertx(1), 20, () -> Future.succeededFuture(
            routingWindow(senderNode, id).getLong("inFlight") == 0));
        assertThat(Await.result(business.sendToClient(id, "after"))).isEqualTo(SendResult.WRITTEN);
        assertThat(client.readFrame()).isEqualTo("after");
      } finally {
        Await.result(business.close());
      }
    }
  }

  private static JsonObject routingWindow(ChannelNode sender, String clientId) {
    JsonObject peers = sender.status().getJsonObject("federation").getJsonObject("peers");
    return peers.fieldNames().stream().filter(clientId::startsWith).findFirst()
        .map(peer -> peers.getJsonObject(peer).getJsonObject("routing"))
        .orElseThrow(() -> new AssertionError("no window for the node of " + clientId + " in "
            + peers));
  }
}
