package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Frames;
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
 * A publish whose events went to a peer past its window's hold mark is acknowledged (its future
 * completes) once the peer has caught up; a peer that stays behind for the hold's time bound is
 * waited for no longer, and its window's bound then refuses as before (the faults' bound holds).
 */
class PeerHoldIT extends ClusteredTestBase {

  private static final int WINDOW = 64 * 1024; // mark 32 KiB; B acknowledges every 16 KiB
  private static final String PAD = "x".repeat(1_000);
  private static final String CHANNEL = "held";

  private ChannelNode a;
  private ChannelNode b;
  private final StallingSubscriber stall = new StallingSubscriber();
  private final CountDownLatch stalled = stall.stalled;
  private final CountDownLatch release = stall.release;
  private final ConcurrentLinkedQueue<Object> events = stall.received;

  @BeforeEach
  void start() throws Exception {
    startNodes(2);
    ChannelNodeOptions options = new ChannelNodeOptions().setMaxPeerBufferSize(WINDOW);
    a = Await.result(ChannelNode.acquire(cluster.vertx(0), options));
    b = Await.result(ChannelNode.acquire(cluster.vertx(1), options));
    Await.result(b.subscribe(stall, List.of(CHANNEL)));
    assertThat(a.nodesFor(CHANNEL)).containsExactly(b.id());
  }

  @AfterEach
  void stop() {
    release.countDown();
  }

  private Future<Void> publish(Object data) {
    return a.publish(List.of(CHANNEL), Frames.encodeData(data));
  }

  private JsonObject window() {
    return a.status().getJsonObject("federation").getJsonObject("peers")
        .getJsonObject(b.id()).getJsonObject("events");
  }

  /** Stalls B, then publishes until a publish is held; returns it (its index in events). */
  private Future<Void> publishUntilHeld(List<Integer> published) throws InterruptedException {
    assertThat(publish("stall").isComplete()).isTrue();
    assertThat(stalled.await(30, TimeUnit.SECONDS)).as("B's node context stalled").isTrue();
    for (int i = 0; i < 1_000; i++) {
      Future<Void> held = publish(String.format("%08d", i) + PAD);
      published.add(i);
      if (!held.isComplete()) {
        return held;
      }
    }
    throw new AssertionError("no publish held: " + window());
  }

  @Test
  void aPublishPastTheMarkIsAcknowledgedOnceThePeerCatchesUp() throws Exception {
    List<Integer> published = new ArrayList<>();
    Future<Void> held = publishUntilHeld(published);
    JsonObject window = window();
    assertThat(window.getLong("inFlight")).as("held at the mark, far from the bound")
        .isGreaterThanOrEqualTo(WINDOW / 2).isLessThan(WINDOW / 2 + 1_100);
    assertThat(window.getLong("droppedMessages")).isZero();
    assertThat(held.isComplete()).as("still held while B is stalled").isFalse();

    release.countDown();
    Await.result(held, Duration.ofSeconds(20), "the held publish");
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(events.size() == published.size()));
    List<Integer> seq = new ArrayList<>();
    events.forEach(e -> seq.add(Integer.parseInt(((String) e).substring(0, 8))));
    assertThat(seq).as("every event, in publish order").isEqualTo(published);
    assertThat(window().getLong("heldAcks")).isEqualTo(1);
    assertThat(window().getLong("holdsOverdue")).isZero();
  }

  @Test
  void aPeerStalledPastTheHoldBoundIsNoLongerWaitedForAndItsWindowStillBounds() throws Exception {
    List<Integer> published = new ArrayList<>();
    Future<Void> held = publishUntilHeld(published);
    long start = System.nanoTime();
    Await.result(held, Duration.ofSeconds(20), "the hold's time bound");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .as("released by the time bound, B still stalled").isGreaterThanOrEqualTo(800);
    assertThat(window().getLong("holdsOverdue")).isEqualTo(1);

    int more = 200;
    for (int i = 0; i < more; i++) {
      assertThat(publish(String.format("%08d", 1_000 + i) + PAD).isComplete())
          .as("overdue: not held").isTrue();
    }
    JsonObject window = window();
    assertThat(window.getLong("peakInFlight")).as("the window's bound").isLessThan(WINDOW + 1_100);
    assertThat(window.getLong("droppedMessages")).as("DROP past the bound").isPositive();
    release.countDown();
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(window().getLong("inFlight") == 0));
  }
}
