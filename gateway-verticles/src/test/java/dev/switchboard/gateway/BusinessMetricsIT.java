package dev.switchboard.gateway;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The business meters on 2 clustered nodes, a gateway on node 0 and a business instance on
 * node 1: the gateway times each call by how it ended ({@code switchboard_business_call_seconds}),
 * the business node gauges its clients and waiting events.
 */
class BusinessMetricsIT {

  private static final String BUSINESS = "metered";
  private static final String CALLS = "switchboard_business_call_seconds_count";

  private ClusterNodes cluster;
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

  private static ScrapedMetrics scrape(Vertx vertx) {
    return ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
  }

  private static void await(Vertx vertx, Predicate<ScrapedMetrics> holds) {
    Await.condition(vertx, 20, () -> Future.succeededFuture(holds.test(scrape(vertx))));
  }

  private GatewayVerticle deploy(BusinessHandler handler, long timeout) {
    Await.result(cluster.vertx(1).deployVerticle(new BusinessVerticle(
        new BusinessOptions().setBusiness(BUSINESS), handler)));
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessTimeout(timeout), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
    return gateway;
  }

  private JsonObject gatewayCounters() {
    return Await.result(GatewayNode.existing(cluster.vertx(0)).status()).getJsonObject("node");
  }

  @Test
  void answeredAndFailedCallsAreTimedAndTheBusinessNodeGaugesItsClients() throws Exception {
    GatewayVerticle gateway = deploy(new RecordingBusiness("b", new RecordingBusiness.Log()),
        5_000);
    Vertx business = cluster.vertx(1);
    int clients = 3;
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        RawSocket socket = new RawSocket(gateway.actualFramePort());
        sockets.add(socket);
        socket.sendFrame("m1").sendFrame("boom").sendFrame("m2");
        assertThat(socket.readFrame()).isEqualTo("b:m1");
        assertThat(socket.readFrame()).isEqualTo("b:m2");
      }
      ScrapedMetrics atBusiness = scrape(business);
      assertThat(atBusiness.value("switchboard_business_clients", "verticle", BUSINESS))
          .as("each client pinned to the instance").isEqualTo(clients);
      assertThat(atBusiness.value("switchboard_business_instances", "verticle", BUSINESS))
          .isEqualTo(1);
      assertThat(atBusiness.value("switchboard_business_waiting", "verticle", BUSINESS)).isZero();
    } finally {
      for (RawSocket socket : sockets) {
        socket.close();
      }
    }
    // connect, m1, m2 and close answered; boom failed by the handler
    await(cluster.vertx(0), s -> s.value(CALLS, "result", "ok") == clients * 4);
    ScrapedMetrics atGateway = scrape(cluster.vertx(0));
    JsonObject counters = gatewayCounters();
    assertThat(atGateway.value(CALLS, "verticle", BUSINESS, "result", "ok"))
        .isEqualTo(counters.getLong("businessEvents").doubleValue());
    assertThat(atGateway.value(CALLS, "verticle", BUSINESS, "result", "failed"))
        .isEqualTo(clients).isEqualTo(counters.getLong("businessFailures").doubleValue());
    assertThat(atGateway.value(CALLS, "result", "timeout")).isZero();
    assertThat(atGateway.value("switchboard_business_call_seconds_sum", "result", "ok"))
        .isPositive();
    assertThat(atGateway.matching("switchboard_business_call_seconds_bucket", "result", "ok"))
        .hasSizeBetween(5, 80);
    await(business, s -> s.value("switchboard_business_clients", "verticle", BUSINESS) == 0);
    for (ScrapedMetrics scrape : List.of(atGateway, scrape(business))) {
      assertThat(scrape.labelNames("switchboard_business_"))
          .isSubsetOf(Set.of("verticle", "result"));
    }
  }

  @Test
  void callsOfAStuckClientAreTimedAsTimeoutsAndDropped() throws Exception {
    BusinessHandler holding = new BusinessHandler() {
      @Override
      public Future<Void> onMessage(String clientId, Buffer message) {
        return message.toString().equals("hold") ? release.future() : Future.succeededFuture();
      }
    };
    GatewayVerticle gateway = deploy(holding, 1_000);
    Vertx business = cluster.vertx(1);
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      // hold runs and times out, m2 waits behind it and times out, m3 is refused: dropped
      client.sendFrame("hold").sendFrame("m2").sendFrame("m3");
      assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).contains("no_business");
    }
    ScrapedMetrics atGateway = scrape(cluster.vertx(0));
    assertThat(atGateway.value(CALLS, "verticle", BUSINESS, "result", "timeout")).isEqualTo(2);
    assertThat(atGateway.value(CALLS, "verticle", BUSINESS, "result", "dropped")).isEqualTo(1);
    assertThat(atGateway.value("switchboard_business_call_seconds_sum", "result", "timeout"))
        .isGreaterThanOrEqualTo(2.0);
    // m2, and the close, wait behind hold (the close event is sent to the business node when the
    // gateway closes the client, so it may still be on its way when the client sees the close)
    await(business, s -> s.value("switchboard_business_waiting", "verticle", BUSINESS) == 2);
    release.complete();
    await(business, s -> s.value("switchboard_business_waiting", "verticle", BUSINESS) == 0
        && s.value("switchboard_business_clients", "verticle", BUSINESS) == 0);
  }

  @Test
  void theVerticlesMetricsListenerServesItsMetersAndClosesWithIt() throws Exception {
    BusinessOptions options = new BusinessOptions().setBusiness(BUSINESS);
    options.getMetrics().setPort(0);
    BusinessVerticle verticle = new BusinessVerticle(options,
        new RecordingBusiness("b", new RecordingBusiness.Log()));
    Vertx business = cluster.vertx(1);
    Await.result(business.deployVerticle(verticle));
    int port = verticle.actualMetricsPort();
    assertThat(port).isPositive();
    assertThat(ScrapedMetrics.scrape(port).value("switchboard_business_instances", "verticle",
        BUSINESS)).isEqualTo(1);
    Await.result(business.undeploy(verticle.deploymentID()));
    assertThatThrownBy(() -> ScrapedMetrics.scrape(port)).isInstanceOf(IOException.class);
  }

  @Test
  void metricsOffRegisterNoBusinessMeterOnTheBusinessNodeNorOnTheGateway() throws Exception {
    BusinessOptions options = new BusinessOptions().setBusiness(BUSINESS);
    options.getMetrics().setEnabled(false).setPort(0);
    BusinessVerticle verticle = new BusinessVerticle(options,
        new RecordingBusiness("b", new RecordingBusiness.Log()));
    Await.result(cluster.vertx(1).deployVerticle(verticle));
    assertThat(verticle.actualMetricsPort()).isEqualTo(MetricsOptions.OFF);
    GatewayOptions gatewayOptions = new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS);
    gatewayOptions.getMetrics().setEnabled(false);
    GatewayVerticle gateway = new GatewayVerticle(gatewayOptions, null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("m1");
      assertThat(client.readFrame()).isEqualTo("b:m1");
    }
    for (Vertx node : List.of(cluster.vertx(0), cluster.vertx(1))) {
      ScrapedMetrics scrape = scrape(node);
      assertThat(scrape.samples()).noneMatch(s -> s.name().startsWith("switchboard_business_"));
      assertThat(scrape.has("switchboard_cluster_members")).isTrue();
    }
  }

  @Test
  void aBadMetricsOptionRefusesTheDeployNamingTheKey() {
    Vertx business = cluster.vertx(1);
    for (JsonObject metrics : List.of(new JsonObject().put("prot", 1),
        new JsonObject().put("port", "x"))) {
      String key = metrics.fieldNames().iterator().next();
      Throwable failure = Await.failure(business.deployVerticle(BusinessVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("business", BUSINESS)
              .put("handler", RecordingBusiness.class.getName()).put("metrics", metrics))));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
    assertThat(business.deploymentIDs()).isEmpty();
  }
}
