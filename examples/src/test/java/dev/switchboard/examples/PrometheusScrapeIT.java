package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.PrometheusServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus ({@link PrometheusServer}) scrapes {@code GET /metrics} on the status listener
 * of the gateway of each of 2 clustered nodes (each also with a channel server and GlobalData,
 * whose meters the same endpoint serves: one registry per node), as docs/operations.md tells an
 * operator to; under a small load, what Prometheus's query API answers moves as the load says,
 * and every metric the docs' Grafana dashboard and alert rules read is among those served.
 */
class PrometheusScrapeIT {

  /** Bound of each wait on Prometheus: a few scrapes at its 1 s interval, on a busy machine. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  /** WebSocket clients opened: 2 on node 0, 1 on node 1. */
  private static final int CLIENTS = 3;

  /** Channel publishes made; each reaches one subscriber on each node's channel server. */
  private static final int PUBLISHES = 5;

  /** GlobalData increments made, half on each node. */
  private static final int INCREMENTS = 4;

  private ClusterNodes cluster;
  private final GatewayVerticle[] gateways = new GatewayVerticle[2];
  private final ChannelServerVerticle[] channelServers = new ChannelServerVerticle[2];
  private final GlobalDataVerticle[] globalData = new GlobalDataVerticle[2];
  private Vertx outside;
  private final List<ChannelClient> channelClients = new ArrayList<>();

  @BeforeEach
  void startTwoNodes() throws Exception {
    cluster = ClusterNodes.start(2);
    for (int i = 0; i < 2; i++) {
      Vertx node = cluster.vertx(i);
      gateways[i] = new GatewayVerticle();
      Await.result(node.deployVerticle(gateways[i], new DeploymentOptions().setConfig(
          new JsonObject().put("port", 0).put("statusPort", 0))));
      channelServers[i] = new ChannelServerVerticle();
      Await.result(node.deployVerticle(channelServers[i], new DeploymentOptions()
          .setConfig(new JsonObject().put("port", 0))));
      globalData[i] = new GlobalDataVerticle();
      Await.result(node.deployVerticle(globalData[i]));
    }
    outside = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    channelClients.forEach(client -> Await.result(client.close()));
    if (outside != null) {
      Await.result(outside.close());
    }
    cluster.close();
  }

  @Test
  void prometheusSeesTheLoadOfBothNodes() throws Exception {
    List<String> targets = List.of("127.0.0.1:" + gateways[0].actualStatusPort(),
        "127.0.0.1:" + gateways[1].actualStatusPort());
    try (PrometheusServer prometheus = PrometheusServer.start(targets)) {
      prometheus.awaitTargetsUp(BOUND);
      assertThat(prometheus.awaitValue("count(up{job=\"switchboard\"} == 1)", v -> v == 2,
          BOUND)).isEqualTo(2);

      // the load: WebSocket clients kept open, channel events delivered, GlobalData increments
      WebSocketClient webSockets = outside.createWebSocketClient();
      List<WebSocket> sockets = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        sockets.add(Await.result(webSockets.connect(gateways[i % 2 == 0 ? 0 : 1].actualPort(),
            "127.0.0.1", "/")));
      }
      int deliveries = publishOnBothServers();
      GlobalData data0 = globalData[0].globalData();
      GlobalData data1 = globalData[1].globalData();
      Await.result(data0.set("prometheus-it-counter", 0));
      for (int i = 0; i < INCREMENTS; i++) {
        Await.result((i % 2 == 0 ? data0 : data1).increment("prometheus-it-counter", 1));
      }
      assertThat(Await.result(data1.get("prometheus-it-counter"))).isEqualTo(INCREMENTS);

      assertThat(prometheus.awaitValue("sum(switchboard_gateway_connections)",
          v -> v == CLIENTS, BOUND)).isEqualTo(CLIENTS);
      assertThat(prometheus.awaitValue("sum(switchboard_channel_events_out_total)",
          v -> v >= deliveries, BOUND)).isGreaterThanOrEqualTo(deliveries);
      assertThat(prometheus.awaitValue(
          "sum(switchboard_globaldata_ops_total{op=\"increment\",result=\"ok\"})",
          v -> v == INCREMENTS, BOUND)).isEqualTo(INCREMENTS);
      // the two Hazelcast members own every partition between them, backups in sync
      assertThat(prometheus.awaitValue("sum(switchboard_hazelcast_partitions_owned)",
          v -> v == 271, BOUND)).isEqualTo(271); // Hazelcast's default partition count
      assertThat(prometheus.awaitValue("min(switchboard_hazelcast_member_safe)", v -> v == 1,
          BOUND)).isEqualTo(1);
      // each node's share, by the instance label Prometheus gives its target
      assertThat(prometheus.awaitValue("switchboard_gateway_connections{instance=\""
          + targets.get(1) + "\"}", v -> v == 1, BOUND)).isEqualTo(1);
      assertThat(prometheus.query("up")).hasSize(2)
          .allSatisfy(sample -> assertThat(sample.value()).isEqualTo(1));

      // every metric the Grafana dashboard and the alert rules of docs/ read is served
      Set<String> served = new TreeSet<>();
      prometheus.query("group by (__name__) ({job=\"switchboard\"})")
          .forEach(sample -> served.add(sample.labels().get("__name__")));
      Set<String> read = OperationsDocs.metricNamesOfDashboardAndRules();
      assertThat(read).hasSizeGreaterThanOrEqualTo(20);
      assertThat(served).as("metrics served by the nodes").containsAll(read);
      // and each panel shows something for these nodes
      for (String expression : OperationsDocs.dashboardExpressions()) {
        prometheus.awaitAnswer(OperationsDocs.withoutVariables(expression),
            samples -> !samples.isEmpty(), BOUND); // a rate needs two scrapes of a new counter
      }

      // and back down once the clients leave
      for (WebSocket socket : sockets) {
        Await.result(socket.close());
      }
      assertThat(prometheus.awaitValue("sum(switchboard_gateway_connections)", v -> v == 0,
          BOUND)).isZero();
    }
  }

  /**
   * Subscribes one channel client to each node's channel server, publishes from node 1's, and
   * waits until every event has arrived.
   *
   * @return the events the servers wrote to subscribers
   */
  private int publishOnBothServers() throws InterruptedException {
    BlockingQueue<ChannelMessage> received = new LinkedBlockingQueue<>();
    List<ChannelClient> subscribers = List.of(channelClient(0), channelClient(1));
    Await.result(Future.all(subscribers.stream()
        .map(client -> client.on("prometheus-it", received::add)).toList()));
    ChannelClient publisher = channelClient(1);
    for (int i = 0; i < PUBLISHES; i++) {
      Await.result(publisher.publish("prometheus-it", i));
    }
    int deliveries = PUBLISHES * subscribers.size();
    for (int i = 0; i < deliveries; i++) {
      assertThat(received.poll(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("event %d of %d", i + 1, deliveries).isNotNull();
    }
    return deliveries;
  }

  private ChannelClient channelClient(int node) {
    ChannelClient client = ChannelClient.create(outside, new ChannelClientOptions().setServers(
        List.of("127.0.0.1:" + channelServers[node].server().actualPort())));
    channelClients.add(client);
    Await.result(client.connect());
    return client;
  }
}
