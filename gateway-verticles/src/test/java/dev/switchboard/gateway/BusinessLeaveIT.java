package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.gateway.impl.business.DrainRace;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moment a business node that stops leaves: once drained, Vert.x removes its consumers, and
 * an event that still reaches it (sent by a gateway before the other nodes learned the consumers
 * are gone) is dropped by Vert.x without an answer. {@link DrainRace} holds the end of the drain
 * and has the node drop what reaches it meanwhile, as Vert.x does: the window widened. A gateway
 * on node 0, business nodes 1 (the one that stops) and 2, the gateway's {@code businessTimeout}
 * at its default (10 s), so that an event lost for good would time out instead of being answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BusinessLeaveIT {

  private static final String BUSINESS = "leaving";

  private ClusterNodes cluster;
  private GatewayVerticle gateway;
  private final RecordingBusiness.Log log = new RecordingBusiness.Log();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessTimeout(GatewayOptions.DEFAULT_BUSINESS_TIMEOUT), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private void deployBusiness(int node, String label) {
    Await.result(cluster.vertx(node).deployVerticle(new BusinessVerticle(
        new BusinessOptions().setBusiness(BUSINESS), new RecordingBusiness(label, log))));
  }

  @Test
  void eventsLostToANodeAsItLeavesGoToAnotherNode() throws Exception {
    deployBusiness(1, "x");
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
    List<RawSocket> fresh = new ArrayList<>();
    try (RawSocket pinned = new RawSocket(gateway.actualFramePort());
         DrainRace race = DrainRace.hold(BUSINESS)) {
      pinned.sendFrame("a1");
      assertThat(pinned.readFrame()).isEqualTo("x:a1"); // pinned to node 1
      deployBusiness(2, "y");
      BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 2);

      Future<Void> closed = cluster.vertx(1).close(); // SIGTERM's close: node 1 drains
      race.awaitHeld(); // drained; its consumers about to go: what reaches it now is dropped
      pinned.sendFrame("a2"); // to node 1's own address, where the client is pinned
      for (int c = 0; c < 4; c++) { // new clients: the shared address picks nodes 1 and 2 in turn
        RawSocket client = new RawSocket(gateway.actualFramePort());
        fresh.add(client);
        client.sendFrame("b" + c);
      }
      race.awaitDropped(2); // a2, and the question of where a new client goes, at least once
      race.release(); // node 1 says it left, and Vert.x undeploys it
      Await.result(closed, Duration.ofSeconds(30), "node 1's stop");

      assertThat(pinned.readFrame()).isEqualTo("y:a2"); // node 2 handled it, well before 10 s
      for (int c = 0; c < fresh.size(); c++) {
        assertThat(fresh.get(c).readFrame()).isEqualTo("y:b" + c);
      }
    } finally {
      for (RawSocket client : fresh) {
        client.close();
      }
    }
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(node.getLong("businessDropped")).isZero();
    assertThat(node.getLong("businessFailures")).isZero();
    assertThat(node.getLong("businessRetries")).isPositive();
    // every event handled once, in order (the close events are still on their way)
    assertThat(log.events.values()).hasSize(5).allSatisfy(events -> assertThat(events)
        .doesNotHaveDuplicates().startsWith("connect"));
    assertThat(log.events.values()).anySatisfy(events -> assertThat(events)
        .startsWith("connect", "a1", "a2"));
    assertThat(log.overlaps).hasValue(0);
  }

  @Test
  void handshakesLostToANodeAsItLeavesGoToAnotherNode() throws Exception {
    GatewayVerticle deciding = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessHandshake(true)
        .setConnectHookTimeout(GatewayOptions.DEFAULT_BUSINESS_TIMEOUT), null);
    Await.result(cluster.vertx(0).deployVerticle(deciding));
    deployBusiness(1, "x");
    deployBusiness(2, "y");
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 2);
    List<RawSocket> clients = new ArrayList<>();
    try (DrainRace race = DrainRace.hold(BUSINESS)) {
      Future<Void> closed = cluster.vertx(1).close();
      race.awaitHeld();
      for (int c = 0; c < 4; c++) { // each handshake asks where to go: nodes 1 and 2 in turn
        clients.add(new RawSocket(deciding.actualFramePort()));
      }
      race.awaitDropped(1);
      race.release();
      Await.result(closed, Duration.ofSeconds(30), "node 1's stop");
      for (int c = 0; c < clients.size(); c++) {
        clients.get(c).sendFrame("h" + c); // accepted: not a 503 after connectHookTimeout
        assertThat(clients.get(c).readFrame()).isEqualTo("y:h" + c);
      }
    } finally {
      for (RawSocket client : clients) {
        client.close();
      }
    }
    JsonObject node = Await.result(deciding.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("connectionsTotal")).isEqualTo(4);
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(node.getLong("businessRetries")).isPositive();
  }
}
