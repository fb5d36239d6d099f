package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-sender order across the send paths: a broadcast, then a send to one client, made in that
 * order by one sender, arrive in that order, whichever gateway instance holds the client and
 * whichever thread the send runs on.
 */
class SendOrderIT {

  private static final int INSTANCES = 4;
  private static final int CLIENTS_PER_INSTANCE = 2;
  private static final int ROUNDS = 20;

  @Test
  void sendToClientAfterSendToAllArrivesAfterItOnEveryGatewayInstance() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2)) {
      Recorder recorder = new Recorder();
      List<GatewayVerticle> gateways = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) { // one event loop each
        GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
            .setFramePort(0), recorder);
        Await.result(cluster.vertx(0).deployVerticle(gateway));
        gateways.add(gateway);
      }
      List<RawSocket> clients = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      Gateway business = Await.result(ClusterGateway.create(cluster.vertx(1), 5_000));
      try {
        for (GatewayVerticle gateway : gateways) {
          for (int i = 0; i < CLIENTS_PER_INSTANCE; i++) {
            clients.add(new RawSocket(gateway.actualFramePort()));
            ids.add(recorder.nextConnection().id());
          }
        }
        for (int round = 0; round < ROUNDS; round++) {
          // the business does not wait between its calls: their order is the only promise
          List<Future<?>> calls = new ArrayList<>();
          calls.add(business.sendToAll("all " + round));
          for (String id : ids) {
            calls.add(business.sendToClient(id, "one " + round));
          }
          Await.result(Future.all(calls));
          for (int i = 0; i < clients.size(); i++) {
            assertThat(List.of(clients.get(i).readFrame(), clients.get(i).readFrame()))
                .as("client %s, round %d", ids.get(i), round)
                .containsExactly("all " + round, "one " + round);
          }
        }
      } finally {
        for (RawSocket client : clients) {
          client.close();
        }
        Await.result(business.close());
      }
    }
  }

  @Test
  void sendAsyncAfterABroadcastArrivesAfterItEvenFromTheConnectionsOwnEventLoop()
      throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket client = new RawSocket(gateway.framePort())) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      // the broadcast queues for the event loop; the send, made after it on that same loop,
      // must not go first
      Future<SendResult> sent = Recorder.on(connection, () -> {
        recorder.gateway.sendToAll("broadcast");
        return connection.sendAsync("direct");
      });
      assertThat(Await.result(sent)).isIn(SendResult.WRITTEN, SendResult.QUEUED);
      assertThat(client.readFrame()).isEqualTo("broadcast");
      assertThat(client.readFrame()).isEqualTo("direct");
    }
  }
}
