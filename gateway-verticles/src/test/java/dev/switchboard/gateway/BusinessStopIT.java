package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stop of a business node's Vert.x (what a JVM's SIGTERM does): a gateway on node 0, the only
 * business instance on node 1, whose handler holds an event until the test lets it go. The node
 * drains before it leaves ({@link BusinessOptions#setStopDrainTimeout}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BusinessStopIT {

  private static final String BUSINESS = "stopping";

  private ClusterNodes cluster;
  private GatewayVerticle gateway;
  /** Completed with the held event's text when the handler has taken it. */
  private final CompletableFuture<String> taken = new CompletableFuture<>();
  /** Completing it lets the held event's handler answer. */
  private final Promise<Void> release = Promise.promise();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessTimeout(GatewayOptions.DEFAULT_BUSINESS_TIMEOUT), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  /** Holds each message until {@link #release}, then answers its client. */
  private final class Holding implements BusinessHandler {
    private Gateway business;

    @Override
    public void onStart(Gateway gateway) {
      this.business = gateway;
    }

    @Override
    public Future<Void> onMessage(ClientInfo client, Buffer message) {
      taken.complete(message.toString());
      return release.future().compose(v ->
          business.sendToClient(client.id(), "done " + message)).mapEmpty();
    }
  }

  private void deployHolding(BusinessOptions options) {
    Await.result(cluster.vertx(1).deployVerticle(new BusinessVerticle(
        options.setBusiness(BUSINESS), new Holding())));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
  }

  @Test
  void anEventTheStoppingNodeHadTakenIsAnsweredBeforeItLeaves() throws Exception {
    deployHolding(new BusinessOptions());
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("m1");
      assertThat(taken.get(20, TimeUnit.SECONDS)).isEqualTo("m1");
      Future<Void> closed = cluster.vertx(1).close();
      // the node waits for the event it took: Vert.x has not gone on to undeploy and leave
      assertThat(Await.failure(Await.until(cluster.vertx(0), 50, Duration.ofMillis(500),
          () -> Future.succeededFuture(closed.isComplete())))).isNotNull();
      release.complete();
      assertThat(client.readFrame()).isEqualTo("done m1");
      Await.result(closed, Duration.ofSeconds(30), "the business node's stop");
    }
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(node.getLong("businessFailures")).isZero();
  }

  @Test
  void theDrainEndsAfterStopDrainTimeoutWhenAnEventNeverEnds() throws Exception {
    deployHolding(new BusinessOptions().setStopDrainTimeout(1_500));
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("m1");
      assertThat(taken.get(20, TimeUnit.SECONDS)).isEqualTo("m1");
      long start = System.nanoTime();
      Await.result(cluster.vertx(1).close(), Duration.ofSeconds(30), "the business node's stop");
      // it waited for the event as long as it was allowed, then left all the same
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(1_500);
    }
  }
}
