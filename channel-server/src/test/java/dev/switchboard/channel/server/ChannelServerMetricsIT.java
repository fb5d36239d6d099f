package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The channel server's meters ({@code switchboard_channel_*}) move as the load says: real clients
 * over TCP to a server of a clustered node, read back from the node's Prometheus scrape.
 */
class ChannelServerMetricsIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  private static ScrapedMetrics scrape(Vertx vertx) {
    return ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
  }

  /** Waits until a sample of the node's scrape has a value. */
  private static void awaitValue(Vertx vertx, String name, double expected) {
    Await.condition(vertx, 20, () -> Future.succeededFuture(scrape(vertx).value(name) == expected));
  }

  @Test
  void connectionsPublishesAndEventsOutFollowTheLoad() throws Exception {
    startNodes(2);
    Vertx node = cluster.vertx(0);
    ChannelServer server = harness.server(node);
    int subscribers = 3;
    int publishes = 4;
    List<Inbox> inboxes = new ArrayList<>();
    List<ChannelClient> clients = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      Inbox inbox = new Inbox();
      ChannelClient client = harness.remote(cluster.vertx(1), server);
      Await.result(client.on("news", inbox));
      inboxes.add(inbox);
      clients.add(client);
    }
    ChannelClient publisher = harness.remote(cluster.vertx(1), server);
    ChannelClient idle = harness.remote(cluster.vertx(1), server);

    awaitValue(node, "switchboard_channel_connections", subscribers + 2);
    ScrapedMetrics before = scrape(node);
    assertThat(before.value("switchboard_channel_connections_accepted_total"))
        .isEqualTo(subscribers + 2);
    assertThat(before.value("switchboard_channel_channels")).isEqualTo(1);
    assertThat(before.value("switchboard_channel_subscriptions")).isEqualTo(subscribers);

    for (int i = 0; i < publishes; i++) {
      Await.result(publisher.publish("news", i));
    }
    for (Inbox inbox : inboxes) {
      assertThat(inbox.next(publishes)).containsExactly(0, 1, 2, 3);
    }
    awaitValue(node, "switchboard_channel_events_out_total",
        before.value("switchboard_channel_events_out_total") + publishes * subscribers);
    ScrapedMetrics after = scrape(node);
    assertThat(after.value("switchboard_channel_publishes_in_total")
        - before.value("switchboard_channel_publishes_in_total")).isEqualTo(publishes);
    assertThat(after.value("switchboard_channel_publish_ack_seconds_count")
        - before.value("switchboard_channel_publish_ack_seconds_count")).isEqualTo(publishes);
    assertThat(after.value("switchboard_channel_publish_ack_seconds_sum")).isPositive();
    assertThat(after.value("switchboard_channel_bytes_in_total"))
        .isGreaterThan(before.value("switchboard_channel_bytes_in_total"));
    assertThat(after.value("switchboard_channel_bytes_out_total"))
        .isGreaterThan(before.value("switchboard_channel_bytes_out_total"));
    // a bounded histogram: a fixed set of buckets between the expected minimum and maximum
    assertThat(after.matching("switchboard_channel_publish_ack_seconds_bucket")).hasSizeBetween(5, 80);
    assertThat(after.value("switchboard_channel_publish_ack_seconds_bucket", "le", "+Inf"))
        .isEqualTo(after.value("switchboard_channel_publish_ack_seconds_count"));
    // no channel name, client or connection as a label: the server's meters have none at all
    assertThat(after.labelNames("switchboard_channel_")).isEmpty();

    Await.result(idle.close());
    Await.result(clients.get(0).close());
    awaitValue(node, "switchboard_channel_connections", subscribers);
    awaitValue(node, "switchboard_channel_subscriptions", subscribers - 1);
    assertThat(scrape(node).value("switchboard_channel_connections_accepted_total"))
        .isEqualTo(subscribers + 2);
  }

  @Test
  void countersOfAClosedServerStayAndTheServersOfANodeAreSummed() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    ChannelServer first = harness.server(node);
    ChannelServer second = harness.server(node);
    ChannelClient a = harness.remote(node, first);
    ChannelClient b = harness.remote(node, second);
    awaitValue(node, "switchboard_channel_connections", 2);
    Await.result(a.publish("news", 1));
    Await.result(b.publish("news", 2));
    assertThat(scrape(node).value("switchboard_channel_publishes_in_total")).isEqualTo(2);

    Await.result(a.close());
    Await.result(first.close());
    awaitValue(node, "switchboard_channel_connections", 1);
    // the closed server's publishes stay counted: a counter never goes down
    assertThat(scrape(node).value("switchboard_channel_publishes_in_total")).isEqualTo(2);
    Await.result(b.publish("news", 3));
    assertThat(scrape(node).value("switchboard_channel_publishes_in_total")).isEqualTo(3);
    assertThat(scrape(node).value("switchboard_channel_connections_accepted_total")).isEqualTo(2);
  }

  @Test
  void refusedAuthenticationIsCounted() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    ChannelServer server = harness.server(node, new ChannelServerOptions().setToken("a-secret-of-16-chars"));
    ChannelClient wrong = harness.track(ChannelClient.create(node,
        ChannelHarness.to(server).setToken("a-wrong-token-of-16-chars")));
    assertThat(Await.failure(wrong.connect())).isNotNull();
    awaitValue(node, "switchboard_channel_auth_failures_total", 1);
    ChannelClient right = harness.remote(node, ChannelHarness.to(server).setToken("a-secret-of-16-chars"));
    assertThat(right).isNotNull();
    awaitValue(node, "switchboard_channel_connections", 1);
  }

  /** Deploys a channel server verticle on port 0 with these metrics options. */
  private static ChannelServerVerticle deploy(Vertx node, JsonObject metrics) {
    ChannelServerVerticle verticle = new ChannelServerVerticle();
    Await.result(node.deployVerticle(verticle, new DeploymentOptions().setConfig(
        new JsonObject().put("port", 0).put("metrics", metrics))));
    return verticle;
  }

  @Test
  void theVerticlesMetricsListenerServesItsMetersAndClosesWithIt() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    ChannelServerVerticle verticle = deploy(node, new JsonObject().put("port", 0));
    int port = verticle.actualMetricsPort();
    assertThat(port).isPositive();
    harness.remote(node, verticle.server());
    Await.condition(node, 20, () -> Future.succeededFuture(
        scrapeQuietly(port).value("switchboard_channel_connections") == 1));
    assertThat(ScrapedMetrics.scrape(port).has("switchboard_channel_connections_accepted_total"))
        .isTrue();
    Await.result(node.undeploy(verticle.deploymentID()));
    assertThatThrownBy(() -> ScrapedMetrics.scrape(port)).isInstanceOf(IOException.class);
    assertThat(verticle.actualMetricsPort()).isEqualTo(port); // the listener's, though closed
  }

  private static ScrapedMetrics scrapeQuietly(int port) {
    try {
      return ScrapedMetrics.scrape(port);
    } catch (IOException | InterruptedException e) {
      return ScrapedMetrics.parse("");
    }
  }

  @Test
  void metricsOffRegisterNoServerMeterAndNoListener() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    ChannelServerVerticle verticle = deploy(node, new JsonObject().put("enabled", false)
        .put("port", 0));
    assertThat(verticle.actualMetricsPort()).isEqualTo(MetricsOptions.OFF);
    ChannelClient client = harness.remote(node, verticle.server());
    Await.result(client.publish("news", 1));
    ScrapedMetrics scrape = scrape(node);
    for (String name : List.of("switchboard_channel_connections",
        "switchboard_channel_connections_accepted_total", "switchboard_channel_publishes_in_total",
        "switchboard_channel_publish_ack_seconds_count")) {
      assertThat(scrape.has(name)).as(name).isFalse();
    }
    assertThat(scrape.has("switchboard_cluster_members")).as("the node's meters are there").isTrue();
  }

  @Test
  void aBadMetricsOptionRefusesTheDeployNamingTheKey() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    for (JsonObject metrics : List.of(new JsonObject().put("prot", 1),
        new JsonObject().put("port", "x"))) {
      String key = metrics.fieldNames().iterator().next();
      Throwable failure = Await.failure(node.deployVerticle(ChannelServerVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
              .put("metrics", metrics))));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
    assertThat(node.deploymentIDs()).isEmpty();
  }

  @Test
  void aMetricsListenerThatCannotListenFailsTheDeployAndClosesTheServer() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ChannelServerVerticle verticle = new ChannelServerVerticle();
      Throwable failure = Await.failure(node.deployVerticle(verticle, new DeploymentOptions()
          .setConfig(new JsonObject().put("port", 0).put("metrics",
              new JsonObject().put("port", taken.getLocalPort())))));
      assertThat(failure).hasMessageContaining("Address already in use");
      int serverPort = verticle.server().actualPort();
      assertThat(serverPort).isPositive();
      assertThatThrownBy(() -> new Socket("127.0.0.1", serverPort).close())
          .isInstanceOf(ConnectException.class);
    }
    assertThat(node.deploymentIDs()).isEmpty();
  }
}
