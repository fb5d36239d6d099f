package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through a channel server: a publish whose event went to a peer past its window's hold mark is
 * acknowledged to the remote client only once the peer has caught up, and the acknowledgements
 * of one connection keep their order (one for a channel no peer wants does not overtake a held
 * one).
 */
class PublishHoldIT extends ClusteredTestBase {

  private static final String PAD = "x".repeat(1_000);

  private final ChannelHarness harness = new ChannelHarness();
  private final StallingSubscriber stall = new StallingSubscriber();
  private final CountDownLatch stalled = stall.stalled;
  private final CountDownLatch release = stall.release;
  private final ConcurrentLinkedQueue<Object> received = stall.received;

  @BeforeEach
  void start() throws Exception {
    startNodes(2);
  }

  @AfterEach
  void stop() {
    release.countDown();
    harness.close();
  }

  @Test
  void aPublishToABehindPeerIsAcknowledgedOnceItCatchesUpAndAcksKeepTheirOrder()
      throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0));
    ChannelNode a = Await.result(ChannelNode.acquire(cluster.vertx(0)));
    ChannelNode b = Await.result(ChannelNode.acquire(cluster.vertx(1)));
    Await.result(b.subscribe(stall, List.of("far")));
    ChannelClient client = harness.remote(cluster.vertx(0), server);
    Await.result(client.publish("far", "stall"));
    assertThat(stalled.await(30, TimeUnit.SECONDS)).as("B's node context stalled").isTrue();

    // past the mark (128 KiB with the default 4 MiB window) within about 130 events of 1 KB
    List<Integer> answered = new ArrayList<>();
    List<Future<Void>> publishes = new ArrayList<>();
    int count = 200;
    for (int i = 0; i < count; i++) {
      int index = i;
      publishes.add(client.publish("far", String.format("%08d", i) + PAD)
          .onSuccess(v -> answered.add(index)));
    }
    int local = count;
    publishes.add(client.publish("nobody-elsewhere", "x").onSuccess(v -> answered.add(local)));
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        events(a, b).getLong("heldAcks") > 0));
    assertThat(publishes.get(count - 1).isComplete()).as("held while B is stalled").isFalse();
    assertThat(publishes.get(count).isComplete()).as("not before the held ones").isFalse();
    assertThat(events(a, b).getLong("droppedMessages")).isZero();

    release.countDown();
    Await.result(Future.all(publishes), Duration.ofSeconds(30), "every publish acknowledged");
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i <= count; i++) {
      expected.add(i);
    }
    assertThat(answered).as("acknowledged in publish order").isEqualTo(expected);
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(received.size() == count));
  }

  private static JsonObject events(ChannelNode a, ChannelNode b) {
    return a.status().getJsonObject("federation").getJsonObject("peers")
        .getJsonObject(b.id()).getJsonObject("events");
  }
}
