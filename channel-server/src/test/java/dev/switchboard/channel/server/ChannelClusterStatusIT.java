package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-wide status of the channel space ({@code "cluster": true} on the {@code status}
 * request, what {@code bin/channel-status --cluster} shows): channel servers on nodes 0 and 1 with
 * remote clients subscribed on each, a third node in the space; every node's status by its id,
 * and a node that does not answer named within the bound (3 s).
 */
class ChannelClusterStatusIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  @Test
  void everyNodesStatusAndASilentNodeNamedWithinTheBound() throws Exception {
    startNodes(3);
    ChannelServer server0 = harness.server(cluster.vertx(0));
    ChannelServer server1 = harness.server(cluster.vertx(1));
    ChannelClient a = harness.remote(cluster.vertx(0), server0);
    ChannelClient b = harness.remote(cluster.vertx(1), server1);
    Await.result(Future.all(a.on("news", m -> { }), b.on("sport", m -> { })));
    ChannelClient c = harness.local(cluster.vertx(2));
    Await.result(c.on("weather", m -> { }));
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) {
      ChannelNode node = Await.result(ChannelNode.acquire(cluster.vertx(i)));
      ids[i] = node.id();
      Await.result(node.release());
    }
    // every node knows the two others (the space is formed)
    Await.condition(cluster.vertx(0), 100, () -> a.clusterStatus()
        .map(s -> s.getJsonObject("nodes").size() == 3));

    JsonObject view = Await.result(a.clusterStatus());
    assertThat(view.getJsonArray("notAnswering")).isEmpty();
    assertThat(view.getJsonObject("nodes").fieldNames()).containsExactlyInAnyOrder(ids);
    for (int i = 0; i < 3; i++) {
      assertThat(view.getJsonObject("nodes").getJsonObject(ids[i]).getString("node"))
          .isEqualTo(ids[i]);
    }
    assertThat(servers(view, ids[0]).getLong("connections")).isEqualTo(1);
    assertThat(servers(view, ids[0]).getLong("subscriptions")).isEqualTo(1);
    assertThat(servers(view, ids[1]).getLong("connections")).isEqualTo(1);
    assertThat(view.getJsonObject("nodes").getJsonObject(ids[2]).getJsonObject("servers"))
        .isEmpty();
    assertThat(Await.result(c.clusterStatus()).getJsonObject("nodes").fieldNames())
        .as("a local client's view is the same space").containsExactlyInAnyOrder(ids);

    // node 2 frozen: every event loop of its Vert.x stalled (one verticle instance per loop,
    // deployed round-robin over them)
    int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stalled = new CountDownLatch(loops);
    // (not awaited: the deployment completes on a stalled loop)
    cluster.vertx(2).deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        context.runOnContext(v -> {
          stalled.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops));
    assertThat(stalled.await(20, TimeUnit.SECONDS)).isTrue();
    try {
      long started = System.nanoTime();
      Future<JsonObject> frozen = b.clusterStatus();
      // one cluster status at a time per connection: another one meanwhile is refused
      Throwable second = Await.failure(b.clusterStatus());
      assertThat(second).isInstanceOf(ChannelException.class).hasMessageContaining("one at a time");
      assertThat(((ChannelException) second).reason()).isEqualTo(ChannelException.Reason.BAD_REQUEST);
      JsonObject partial = Await.result(frozen);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(partial.getJsonArray("notAnswering")).containsExactly(ids[2]);
      assertThat(partial.getJsonObject("nodes").fieldNames()).containsExactlyInAnyOrder(ids[0],
          ids[1]);
      assertThat(tookMs).as("within the 3 s bound, plus the machine's slack")
          .isGreaterThanOrEqualTo(2_900).isLessThan(10_000);
      // the connection is still served
      assertThat(Await.result(b.status()).getString("node")).isEqualTo(ids[1]);
    } finally {
      release.countDown();
    }
    Await.condition(cluster.vertx(0), 100, () -> a.clusterStatus()
        .map(s -> s.getJsonArray("notAnswering").isEmpty()));
  }

  @Test
  void aClusterFlagThatIsNotABooleanIsABadRequest() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0));
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new JsonObject().put("type", "status").put("id", 1).put("cluster", "yes"));
      JsonObject error = raw.read();
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("BAD_REQUEST");
      assertThat(error.getString("message")).contains("cluster must be a boolean");
      raw.send(new JsonObject().put("type", "status").put("id", 2).put("cluster", true));
      JsonObject status = raw.read();
      assertThat(status.getString("type")).isEqualTo("status");
      assertThat(status.getJsonObject("status").getJsonObject("nodes")).hasSize(1);
    }
  }

  private static JsonObject servers(JsonObject view, String node) {
    JsonObject servers = view.getJsonObject("nodes").getJsonObject(node).getJsonObject("servers");
    assertThat(servers).hasSize(1);
    return servers.getJsonObject(servers.fieldNames().iterator().next());
  }
}
