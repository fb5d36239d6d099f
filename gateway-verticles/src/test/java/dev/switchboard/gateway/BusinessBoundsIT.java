package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of forwarding to a business: the bytes one client's waiting events hold, the order of
 * a client's events across a business timeout, and the business node's state of clients whose
 * gateway node died. Gateways on node 0 (or in a separate JVM), one business instance on node 1.
 */
class BusinessBoundsIT {

  private static final String BUSINESS = "bounds";
  private static final Duration BOUND = Duration.ofSeconds(20);

  private ClusterNodes cluster;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Promise<Void> release = Promise.promise();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
  }

  @AfterEach
  void stop() throws Exception {
    release.tryComplete();
    cluster.close();
  }

  /** Logs every event; a message {@code hold...} is answered only on {@link #release}. */
  private final class HoldingBusiness implements BusinessHandler {
    @Override
    public Future<Void> onMessage(String clientId, Buffer message) {
      String text = message.toString();
      String name = text.length() > 8 ? text.substring(0, 8) : text;
      log.add("start " + name);
      if (!name.startsWith("hold")) {
        return Future.succeededFuture();
      }
      return release.future().onComplete(ar -> log.add("end " + name));
    }
  }

  private BusinessVerticle deployBusiness(String business) {
    BusinessVerticle verticle = new BusinessVerticle(new BusinessOptions().setBusiness(business),
        new HoldingBusiness());
    Await.result(cluster.vertx(1).deployVerticle(verticle));
    return verticle;
  }

  private GatewayVerticle deployGateway(GatewayOptions options) {
    GatewayVerticle gateway = new GatewayVerticle(options.setPort(0).setFramePort(0)
        .setBusiness(BUSINESS), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
    return gateway;
  }

  private JsonObject gatewayCounters() {
    return Await.result(GatewayNode.existing(cluster.vertx(0)).status()).getJsonObject("node");
  }

  private boolean paused() {
    JsonArray connections = Await.result(GatewayNode.existing(cluster.vertx(0)).connections());
    return connections.getJsonObject(0).getBoolean("paused");
  }

  private void await(String what, java.util.function.BooleanSupplier condition) {
    Await.result(Await.until(cluster.vertx(0), 20, BOUND,
        () -> Future.succeededFuture(condition.getAsBoolean())), BOUND.plusSeconds(5), what);
  }

  @Test
  void aClientsWaitingEventsAreBoundedByBytes() throws Exception {
    deployBusiness(BUSINESS);
    GatewayVerticle gateway = deployGateway(new GatewayOptions()
        .setMaxBusinessQueueSize(64 * 1024));
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      String big = "x".repeat(40 * 1024);
      client.sendFrame("hold-1" + big).sendFrame("m2" + big).sendFrame("m3" + big);
      await("the first message reaching the business", () -> log.contains("start hold-1xx"));
      // 80 KiB wait (the one on its way included): more than maxBusinessQueueSize
      await("the connection paused", this::paused);
      assertThat(gatewayCounters().getLong("businessPauses")).isEqualTo(1);
      release.complete();
      await("every message handled", () -> log.contains("start m3" + "x".repeat(6)));
      assertThat(log).containsExactly("start hold-1xx", "end hold-1xx", "start m2xxxxxx",
          "start m3xxxxxx");
      await("the connection read again", () -> !paused());
    }
  }

  @Test
  void messagesHeldWhileReadingWasPausedReachTheBusinessOnceInOrder() throws Exception {
    deployBusiness(BUSINESS);
    GatewayVerticle gateway = deployGateway(new GatewayOptions());
    int count = 100; // more than the 64 waiting events at which reading stops
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      List<String> expected = new java.util.ArrayList<>(List.of("start hold", "end hold"));
      client.sendFrame("hold");
      for (int i = 1; i < count; i++) {
        client.sendFrame("m" + i);
        expected.add("start m" + i);
      }
      await("the connection paused", this::paused);
      release.complete();
      await("every message handled", () -> log.size() >= count + 1);
      await("the connection read again", () -> !paused());
      assertThat(log).as("each message once, in order").containsExactlyElementsOf(expected);
    }
  }

  @Test
  void anEventAfterATimeoutWaitsForTheOneStillRunning() throws Exception {
    deployBusiness(BUSINESS);
    GatewayVerticle gateway = deployGateway(new GatewayOptions().setBusinessTimeout(1_000));
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("hold").sendFrame("next");
      await("the first timeout", () -> gatewayCounters().getLong("businessTimeouts") >= 1);
      // either the next event ran at once (order broken) or it waits, and times out too
      await("the next event run or timed out", () -> log.contains("start next")
          || gatewayCounters().getLong("businessTimeouts") >= 2);
      release.complete();
      await("the next event handled", () -> log.contains("start next"));
      assertThat(log).as("one event at a time, in order").containsExactly("start hold",
          "end hold", "start next");
    }
  }

  @Test
  void aClientWhoseEventsStayStuckPastTwoTimeoutsIsClosedAndItsCloseRunsLast() throws Exception {
    BusinessVerticle business = deployBusiness(BUSINESS);
    GatewayVerticle gateway = deployGateway(new GatewayOptions().setBusinessTimeout(1_000));
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("hold").sendFrame("m2").sendFrame("m3");
      // hold runs and times out, m2 waits behind it and times out, m3 is refused
      assertThat(new String(client.readToEnd(), java.nio.charset.StandardCharsets.UTF_8))
          .as("the client closed by the gateway").contains("no_business");
    }
    JsonObject counters = gatewayCounters();
    assertThat(counters.getLong("businessTimeouts")).isEqualTo(2);
    assertThat(counters.getLong("businessDropped")).isEqualTo(1);
    release.complete();
    Await.result(Await.until(cluster.vertx(1), 20, BOUND,
        () -> business.status().map(s -> s.getInteger("clients") == 0)), BOUND.plusSeconds(5),
        "the client's lane gone after its close ran");
    assertThat(log).as("one event at a time, in order").containsExactly("start hold",
        "end hold", "start m2");
  }

  @Test
  void aKilledGatewayNodesClientsLeaveTheBusinessNode() throws Exception {
    BusinessVerticle business = deployBusiness(KillableBusinessGatewayNode.BUSINESS);
    try (NodeProcess doomed = NodeProcess.start(cluster.clusterName(), cluster.memberAddresses(),
        KillableBusinessGatewayNode.class.getName())) {
      int port = Await.result(cluster.vertx(1).sharedData()
          .<String, Integer>getAsyncMap(KillableGatewayNode.PORTS)
          .compose(map -> map.get(KillableBusinessGatewayNode.PORT_KEY)));
      try (RawSocket client = new RawSocket(port)) {
        client.sendFrame("hello");
        await("the message handled", () -> log.contains("start hello"));
        assertThat(Await.result(business.status()).getInteger("clients")).isEqualTo(1);
        doomed.kill(); // SIGKILL: no close event of the client ever reaches the business
      }
      Await.result(Await.until(cluster.vertx(1), 100, Duration.ofSeconds(40),
          () -> business.status().map(s -> s.getInteger("clients") == 0)),
          Duration.ofSeconds(45), "the business node forgetting the dead node's client");
    }
  }
}
