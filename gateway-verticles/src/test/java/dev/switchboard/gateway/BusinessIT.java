package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Business verticles on 3 clustered nodes: a gateway forwarding to business {@code orders} on
 * node 0, business instances on nodes 1 and 2, real frame-protocol clients.
 */
class BusinessIT {

  private static final String BUSINESS = "orders";

  private ClusterNodes cluster;
  private GatewayVerticle gateway;
  private final RecordingBusiness.Log log = new RecordingBusiness.Log();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessTimeout(5_000), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private String deployBusiness(int node, String label) {
    return Await.result(cluster.vertx(node).deployVerticle(new BusinessVerticle(
        new BusinessOptions().setBusiness(BUSINESS), new RecordingBusiness(label, log))));
  }

  @Test
  void eventsOfAClientArriveInOrderAtOneInstanceAtATime() throws Exception {
    deployBusiness(1, "b1");
    deployBusiness(1, "b2");
    deployBusiness(2, "b3");
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 2);
    int clients = 24;
    int messages = 20;
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        sockets.add(new RawSocket(gateway.actualFramePort()));
      }
      for (int m = 0; m < messages; m++) {
        for (RawSocket socket : sockets) {
          socket.sendFrame(m == 5 ? "boom" : "m" + m);
        }
      }
      for (RawSocket socket : sockets) {
        for (int m = 0; m < messages; m++) {
          if (m == 5) {
            continue; // the handler failed on it: no echo, and the client goes on
          }
          assertThat(socket.readFrame()).matches("b[123]:m" + m);
        }
      }
    } finally {
      for (RawSocket socket : sockets) {
        socket.close();
      }
    }
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        log.events.size() == clients && log.events.keySet().stream().allMatch(log::closed)));

    List<String> expected = new ArrayList<>(List.of("connect"));
    for (int m = 0; m < messages; m++) {
      expected.add(m == 5 ? "boom-not-recorded" : "m" + m);
    }
    expected.remove("boom-not-recorded");
    expected.add("close");
    log.events.forEach((client, events) -> assertThat(events).as(client)
        .containsExactlyElementsOf(expected));
    assertThat(log.overlaps).hasValue(0);
    assertThat(new HashSet<>(log.lastInstance.values())).containsExactlyInAnyOrder("b1", "b2",
        "b3");

    // the business logs a close before its answer reaches the gateway, which counts it then
    Await.condition(cluster.vertx(0), 20, () -> gateway.gateway().status().map(status -> status
        .getJsonObject("node").getLong("businessEvents") == (long) clients * (messages + 1)));
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("businessEvents")).isEqualTo((long) clients * (messages + 1));
    assertThat(node.getLong("businessFailures")).isEqualTo(clients);
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(node.getLong("businessDropped")).isZero();
  }

  @Test
  void redeployingTheBusinessDropsNoConnectionAndNoEvent() throws Exception {
    String v1 = deployBusiness(1, "v1");
    int clients = 5;
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        RawSocket socket = new RawSocket(gateway.actualFramePort());
        sockets.add(socket);
        socket.sendFrame("a");
        assertThat(socket.readFrame()).isEqualTo("v1:a");
      }
      Await.result(cluster.vertx(1).undeploy(v1));
      for (RawSocket socket : sockets) {
        socket.sendFrame("b"); // no instance anywhere: the gateway holds it
      }
      deployBusiness(2, "v2");
      for (RawSocket socket : sockets) {
        socket.sendFrame("c");
        assertThat(socket.readFrame()).isEqualTo("v2:b");
        assertThat(socket.readFrame()).isEqualTo("v2:c");
      }
      assertThat(gateway.gateway().connectionCount()).isEqualTo(clients);
      Set<String> closed = new HashSet<>();
      log.events.forEach((client, events) -> {
        assertThat(events).as(client).containsExactly("connect", "a", "b", "c");
        if (log.closed(client)) {
          closed.add(client);
        }
      });
      assertThat(closed).isEmpty();
      JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
      assertThat(node.getLong("businessRetries")).isPositive();
      assertThat(node.getLong("businessDropped")).isZero();
      assertThat(node.getLong("businessTimeouts")).isZero();
    } finally {
      for (RawSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aClientNoBusinessTakesIsClosedWithAReason() throws Exception {
    Await.result(cluster.vertx(0).undeploy(gateway.deploymentID()));
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness("nobody").setBusinessTimeout(300), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    try (RawSocket socket = new RawSocket(gateway.actualFramePort())) {
      socket.sendFrame("hello");
      assertThat(new JsonObject(socket.readFrame()).getString("reason")).isEqualTo("no_business");
      assertThatThrownBy(socket::readFrame).isInstanceOf(java.io.IOException.class); // closed
    }
    Await.condition(cluster.vertx(0), 20, () -> gateway.gateway().status().map(s ->
        s.getJsonObject("node").getLong("connections") == 0));
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("businessDropped")).isGreaterThanOrEqualTo(2); // connect and hello
    assertThat(node.getLong("businessRetries")).isPositive();
  }

  @Test
  void misconfiguredVerticlesFailToDeployWithTheReason() {
    Throwable noHandler = Await.failure(cluster.vertx(1).deployVerticle(new BusinessVerticle()));
    assertThat(noHandler).hasMessageContaining("needs a handler");
    Throwable bothWays = Await.failure(cluster.vertx(1).deployVerticle(new GatewayVerticle(
        new GatewayOptions().setPort(0).setBusiness(BUSINESS), new GatewayHandler() {
        })));
    assertThat(bothWays).hasMessageContaining("takes no handler of its own");
    Throwable wrongClass = Await.failure(cluster.vertx(1).deployVerticle(
        BusinessVerticle.class.getName(), new io.vertx.core.DeploymentOptions().setConfig(
            new JsonObject().put("handler", String.class.getName()))));
    assertThat(wrongClass).hasMessageContaining("is not a BusinessHandler");
  }
}
