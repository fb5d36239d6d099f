package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static dev.switchboard.core.internal.EventBusMetersTest.NAMES;
import static dev.switchboard.core.internal.EventBusMetersTest.count;
import static dev.switchboard.core.internal.EventBusMetersTest.gauge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus's meters between two clustered nodes: messages to the other node count on the
 * remote side at both ends, with their sizes, and Vert.x's own traffic (replies, cluster
 * internals) is not counted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EventBusMetersIT {

  private static final int REQUESTS = 40;
  private static final int PUBLISHED = 10;

  @Test
  void messagesToAnotherNodeCountOnTheRemoteSideAtBothEndsWithTheirSizes() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2, i -> null, VertxMetrics::configure)) {
      Vertx receiver = cluster.vertx(0);
      Vertx sender = cluster.vertx(1);
      MessageConsumer<String> consumer = receiver.eventBus().consumer("remote.counted",
          m -> m.reply("ok"));
      Await.result(consumer.completion());
      String payload = "x".repeat(1000);
      // the consumer's registration reaches the sender's view of the cluster before its first
      // request is answered; the ones that failed before it are not counted as sent remotely
      Await.condition(sender, 20, () -> sender.eventBus().request("remote.counted", payload)
          .map(reply -> true));
      MeterRegistry at = NodeMetrics.registry(receiver);
      MeterRegistry from = NodeMetrics.registry(sender);
      double before = count(from, NAMES.getEbSent(), "remote");
      for (int i = 0; i < REQUESTS; i++) {
        Await.result(sender.eventBus().request("remote.counted", payload));
      }
      for (int i = 0; i < PUBLISHED; i++) {
        sender.eventBus().publish("remote.counted", payload);
      }
      double sent = count(from, NAMES.getEbSent(), "remote") - before;
      assertThat(sent).isEqualTo(REQUESTS);
      assertThat(count(from, NAMES.getEbPublished(), "remote")).isEqualTo(PUBLISHED);
      Await.condition(receiver, 10, () -> Future.succeededFuture(
          count(at, NAMES.getEbProcessed(), "remote") == before + REQUESTS + PUBLISHED));
      assertThat(count(at, NAMES.getEbReceived(), "remote")).isEqualTo(before + REQUESTS + PUBLISHED);
      assertThat(gauge(at, NAMES.getEbPending(), "remote")).isZero();
      assertThat(count(at, NAMES.getEbProcessed(), "local")).isZero();
      // each message carries the payload; replies go to Vert.x's own addresses: not counted
      assertThat(at.get(NAMES.getEbBytesRead()).summary().count())
          .isEqualTo((long) before + REQUESTS + PUBLISHED);
      assertThat(at.get(NAMES.getEbBytesRead()).summary().max()).isGreaterThan(1000);
      assertThat(from.get(NAMES.getEbBytesWritten()).summary().count())
          .isEqualTo((long) before + REQUESTS + PUBLISHED);
      assertThat(count(from, NAMES.getEbReceived(), "remote")).isZero();
    }
  }
}
