package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.PeerOverflowPolicy;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel events between nodes go through a window per peer node: a node whose event loop stalls
 * costs its peers at most {@code maxPeerBufferSize} (plus one event), what did not fit is
 * counted, and once it runs again the events it was sent arrive, in order.
 */
class PeerWindowIT extends ClusteredTestBase {

  private static final int WINDOW = 64 * 1024;
  private static final String PAD = "x".repeat(1_000);
  private static final String CHANNEL = "flood";

  private ChannelNode a;
  private ChannelNode b;
  private StallingSubscriber recorder;

  @BeforeEach
  void start() throws Exception {
    startNodes(2);
  }

  @AfterEach
  void stop() {
    if (recorder != null) {
      recorder.release.countDown();
    }
  }

  private void join(ChannelNodeOptions options) {
    a = Await.result(ChannelNode.acquire(cluster.vertx(0), options));
    b = Await.result(ChannelNode.acquire(cluster.vertx(1), options));
    recorder = new StallingSubscriber();
    Await.result(b.subscribe(recorder, List.of(CHANNEL)));
    assertThat(a.nodesFor(CHANNEL)).containsExactly(b.id());
  }

  private void publish(ChannelNode node, Object data) {
    node.publish(List.of(CHANNEL), Frames.encodeData(data));
  }

  private JsonObject windowOf(ChannelNode sender, ChannelNode peer) {
    JsonObject own = sender.status().getJsonObject("federation").getJsonObject("peers")
        .getJsonObject(peer.id());
    return own == null ? null : own.getJsonObject("events");
  }

  private void stall() throws InterruptedException {
    publish(a, "stall");
    assertThat(recorder.stalled.await(30, TimeUnit.SECONDS)).as("B's node context stalled")
        .isTrue();
  }

  private static List<Integer> sequence(Iterable<Object> events) {
    List<Integer> seq = new ArrayList<>();
    events.forEach(e -> seq.add(Integer.parseInt(((String) e).substring(0, 8))));
    return seq;
  }

  private static String event(int i) {
    return String.format("%08d", i) + PAD;
  }

  @Test
  void aStalledPeerCostsItsSendersNoMoreThanTheWindowAndDropsAreCounted() throws Exception {
    join(new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW));
    stall();
    int published = 2_000;
    for (int i = 0; i < published; i++) {
      publish(a, event(i));
    }
    JsonObject window = windowOf(a, b);
    int envelope = 1_100; // an event of 1,008 characters with its frame and envelope, at most
    assertThat(window.getLong("inFlight")).isLessThan(WINDOW + envelope);
    assertThat(window.getLong("peakInFlight")).isLessThan(WINDOW + envelope);
    long dropped = window.getLong("droppedMessages");
    assertThat(dropped).as("events that did not fit").isGreaterThan(published - WINDOW / 1_000 - 2);
    assertThat(a.status().getJsonObject("federation").getLong("droppedMessages"))
        .isEqualTo(dropped);

    recorder.release.countDown();
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(windowOf(a, b).getLong("inFlight") == 0));
    assertThat(recorder.received.size() + dropped).as("delivered %s, dropped %s, status %s",
        recorder.received.size(), dropped, a.status()).isEqualTo(published);
    List<Integer> delivered = sequence(recorder.received);
    assertThat(delivered).as("in publish order").isSorted().doesNotHaveDuplicates();
    assertThat(delivered.get(0)).as("the first events fitted").isZero();

    // delivery resumes: a burst within the window is not dropped
    int burst = WINDOW / envelope;
    for (int i = published; i < published + burst; i++) {
      publish(a, event(i));
    }
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(recorder.received.size() + dropped == published + burst));
    assertThat(windowOf(a, b).getLong("droppedMessages")).isEqualTo(dropped);
    assertThat(sequence(recorder.received)).isSorted().endsWith(published + burst - 1);
    assertThat(windowOf(a, b).getLong("peakInFlight")).isLessThan(WINDOW + envelope);
  }

  @Test
  void lostAcknowledgementsAreCarriedByThePingAndTheWindowOpensAgain() throws Exception {
    join(new ChannelNodeOptions().setMaxPeerBufferSize(16 * 1024).setSyncInterval(200));
    b.flow().dropAcks(true);
    int published = 0;
    while (windowOf(a, b).getLong("droppedMessages") == 0) {
      publish(a, event(published++));
      assertThat(published).as("the window shuts without acknowledgements").isLessThan(1_000);
    }
    int sent = published - 1;
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(recorder.received.size() == sent));
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(windowOf(a, b).getLong("inFlight") == 0));
    publish(a, event(published));
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(recorder.received.size() == sent + 1));
    assertThat(sequence(recorder.received)).endsWith(published);
  }

  @Test
  void badAcknowledgementsAreIgnoredWithAReason() throws Exception {
    join(new ChannelNodeOptions());
    for (int i = 0; i < 10; i++) {
      publish(a, event(i));
    }
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        windowOf(a, b).getLong("inFlight") == 0 && windowOf(a, b).getLong("sent") > 0));
    JsonObject before = windowOf(a, b);
    long acked = before.getLong("acked");
    int epoch = before.getInteger("epoch");
    List<JsonObject> bad = List.of(
        ack("0123456789abcdef", "events", epoch, 1),
        ack(b.id(), "events", epoch, -5),
        ack(b.id(), "events", epoch, acked - 1),
        ack(b.id(), "events", epoch, acked + 1),
        ack(b.id(), "nowhere", epoch, acked),
        new JsonObject().put("op", "ack").put("node", b.id()).put("path", "events")
            .put("epoch", "x").put("bytes", acked));
    try (LogCapture log = new LogCapture(PeerFlow.class.getPackageName())) {
      bad.forEach(ack -> cluster.vertx(1).eventBus().send(ChannelAddresses.control(a.id()), ack));
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          a.status().getJsonObject("federation").getLong("ignoredAcks") == bad.size()));
      assertThat(log.lines()).anyMatch(l -> l.contains("is not a peer"))
          .anyMatch(l -> l.contains("negative count"))
          .anyMatch(l -> l.contains("below the " + acked))
          .anyMatch(l -> l.contains("beyond the " + acked))
          .anyMatch(l -> l.contains("unknown path"))
          .anyMatch(l -> l.contains("must be numbers"));
    }
    JsonObject after = windowOf(a, b);
    assertThat(after.getLong("acked")).isEqualTo(acked);
    assertThat(after.getLong("sent")).isEqualTo(before.getLong("sent"));
    // and the window still works
    publish(a, event(10));
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(recorder.received.size() == 11));
  }

  private static JsonObject ack(String node, String path, int epoch, long bytes) {
    return new JsonObject().put("op", "ack").put("node", node).put("path", path)
        .put("epoch", epoch).put("bytes", bytes);
  }

  @Test
  void disconnectPeerForgetsAStalledPeerAndMeetsItAgain() throws Exception {
    join(new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW).setSyncInterval(200)
        .setPeerOverflowPolicy(PeerOverflowPolicy.DISCONNECT_PEER));
    stall();
    for (int i = 0; i < 200; i++) {
      publish(a, event(i));
    }
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        a.status().getJsonObject("federation").getLong("peerDisconnects") == 1
            && a.nodesFor(CHANNEL).isEmpty()));
    long dropped = a.status().getJsonObject("federation").getLong("droppedMessages");
    assertThat(dropped).isPositive();
    assertThat(a.flow().stamp(PeerFlow.Path.ROUTING, b.id(), 10, new DeliveryOptions()))
        .as("a disconnected peer gets nothing on any path until it answers").isFalse();

    recorder.release.countDown();
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(a.nodesFor(CHANNEL).contains(b.id())));
    int before = recorder.received.size();
    assertThat(before).as("the events sent before the disconnect (not the stall)")
        .isEqualTo(a.status().getLong("eventsToNodes") - 1);
    assertThat(before).isLessThanOrEqualTo(WINDOW / 1_000 + 1);
    publish(a, event(1_000));
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(recorder.received.size() == before + 1));
    assertThat(sequence(recorder.received)).isSorted().endsWith(1_000);
  }
}
