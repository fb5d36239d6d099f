package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client events forwarded to a business node go through that node's business window: while the
 * node is stalled (every event loop of its Vert.x blocked), the gateway holds at most
 * {@code maxPeerBufferSize} (plus one event) for it; an event that does not fit is retried until
 * {@code businessTimeout}, then dropped and its client closed ({@code no_business}), as when no
 * business takes it. Once the node runs again it acknowledges, and clients are served.
 */
class BusinessWindowIT {

  private static final String BUSINESS = "orders";
  private static final int WINDOW = 16 * 1024;

  @Test
  void aStalledBusinessNodeBoundsTheGatewayAndRefusedEventsCloseTheirClient() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2)) {
      ChannelNode gatewayNode = Await.result(ChannelNode.acquire(cluster.vertx(0),
          new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW)));
      GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
          .setFramePort(0).setBusiness(BUSINESS).setBusinessTimeout(1_000), null);
      Await.result(cluster.vertx(0).deployVerticle(gateway));
      RecordingBusiness.Log log = new RecordingBusiness.Log();
      Await.result(cluster.vertx(1).deployVerticle(new BusinessVerticle(
          new BusinessOptions().setBusiness(BUSINESS), new RecordingBusiness("b1", log))));
      BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
      CountDownLatch release = new CountDownLatch(1);
      try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
        client.sendFrame("m0");
        assertThat(client.readFrame()).isEqualTo("b1:m0"); // pinned to node 1 now

        stallEveryEventLoop(cluster, release);
        String big = "x".repeat(20_000);
        client.sendFrame(big); // fits: the window was empty
        client.sendFrame("m1"); // does not: refused, retried, then its client closed
        assertThat(new JsonObject(client.readFrame()).getString("reason"))
            .isEqualTo("no_business");
        assertThatThrownBy(client::readFrame).isInstanceOf(IOException.class); // closed
        JsonObject window = businessWindow(gatewayNode);
        assertThat(window.getLong("inFlight")).isGreaterThanOrEqualTo(20_000)
            .isLessThan(WINDOW + 21_000);
        assertThat(window.getLong("droppedMessages")).isPositive();
        JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
        assertThat(node.getLong("businessRetries")).isPositive();
        assertThat(node.getLong("businessDropped")).isPositive();
      } finally {
        release.countDown();
      }
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          businessWindow(gatewayNode).getLong("inFlight") == 0));
      try (RawSocket next = new RawSocket(gateway.actualFramePort())) {
        next.sendFrame("again");
        assertThat(next.readFrame()).isEqualTo("b1:again");
      }
    }
  }

  /** Blocks every event loop of node 1 until released, and returns once they all are. */
  private static void stallEveryEventLoop(ClusterNodes cluster, CountDownLatch release)
      throws InterruptedException {
    int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    Semaphore blocked = new Semaphore(0);
    // the instances of a deployment get event loops round-robin: 2 rounds cover each one (the
    // deployment completes once released: some instances start on a blocked loop)
    cluster.vertx(1).deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        context.runOnContext(v -> {
          blocked.release();
          try {
            release.await(60, TimeUnit.SECONDS); // the node's event loops, stalled on purpose
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2 * loops));
    assertThat(blocked.tryAcquire(loops, 20, TimeUnit.SECONDS)).as("every event loop blocked")
        .isTrue();
  }

  private static JsonObject businessWindow(ChannelNode node) {
    JsonObject peers = node.status().getJsonObject("federation").getJsonObject("peers");
    return peers.fieldNames().stream()
        .map(peer -> peers.getJsonObject(peer).getJsonObject("business"))
        .filter(window -> window.getLong("sent") > 0).findFirst()
        .orElseThrow(() -> new AssertionError("no business window used in " + peers));
  }
}
