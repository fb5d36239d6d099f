package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that stops reading (a raw socket with a tiny receive buffer that never reads) while
 * events pour in: the server never holds more than the send buffer bound plus one event for it,
 * counts what it drops (or disconnects it), and the other subscribers get every event in order.
 */
class SlowSubscriberIT extends ClusteredTestBase {

  private static final int MAX_SEND_BUFFER = 64 * 1024;
  private static final int EVENTS = 4_000;
  private static final String PAYLOAD = "y".repeat(2_000);
  /** Publishes in flight at most: 32 KiB, half the send buffer. */
  private static final int PUBLISH_WINDOW = 16;

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void stalledSubscriberIsBoundedAndDropsAreCountedWhileOthersGetEverything() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setMaxSendBufferSize(MAX_SEND_BUFFER));
    try (RawClient stalled = stalledSubscriber(server)) {
      AtomicLong maxPending = new AtomicLong();
      long sampler = cluster.vertx(0).setPeriodic(2, t ->
          maxPending.accumulateAndGet(pendingOf(server, stalled), Math::max));
      List<Inbox> fast = publishToFastSubscribers(server);
      cluster.vertx(0).cancelTimer(sampler);

      int frameSize = 4 + new JsonObject().put("type", "event").put("channel", "firehose")
          .put("data", EVENTS + PAYLOAD).encode().length();
      assertThat(maxPending.get()).isGreaterThan(0).isLessThanOrEqualTo(MAX_SEND_BUFFER + frameSize);
      JsonObject stats = server.stats();
      assertThat(stats.getLong("drops")).isPositive();
      assertThat(stats.getLong("sendFail")).isEqualTo(stats.getLong("drops"));
      assertThat(stats.getLong("slowDisconnects")).isZero();
      assertThat(connectionOf(server, stalled).getLong("drops")).isEqualTo(stats.getLong("drops"));
      assertThat(stats.getLong("connections")).isEqualTo(5);
      for (Inbox inbox : fast) {
        assertThat(inbox.size()).isZero();
      }
    }
  }

  @Test
  void aStalledPhpSubscriberDropsAsWorkermanDoesWhileOthersGetEverything() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setMaxSendBufferSize(MAX_SEND_BUFFER));
    try (RawClient stalled = new RawClient(server.actualPort(), 4096)) {
      stalled.send(RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"channels\";"
          + "a:1:{i:0;s:8:\"firehose\";}}"));
      Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
          server.stats().getLong("subscriptions") == 1));
      AtomicLong maxPending = new AtomicLong();
      long sampler = cluster.vertx(0).setPeriodic(2, t ->
          maxPending.accumulateAndGet(pendingOf(server, stalled), Math::max));
      publishToFastSubscribers(server);
      cluster.vertx(0).cancelTimer(sampler);

      // a PHP event frame: a:3:{s:4:"type";s:5:"event";s:7:"channel";s:8:"firehose";s:4:"data";
      // s:N:"...";} with N up to 2004
      int frameSize = 4 + 76 + String.valueOf(EVENTS + PAYLOAD).length() + 8;
      assertThat(maxPending.get()).isGreaterThan(0).isLessThanOrEqualTo(MAX_SEND_BUFFER + frameSize);
      JsonObject stats = server.stats();
      assertThat(stats.getLong("drops")).isPositive();
      assertThat(stats.getLong("sendFail")).isEqualTo(stats.getLong("drops"));
      assertThat(stats.getLong("slowDisconnects")).isZero();
      JsonObject php = connectionOf(server, stalled);
      assertThat(php.getBoolean("php")).isTrue();
      assertThat(php.getLong("drops")).isEqualTo(stats.getLong("drops"));
      assertThat(stats.getLong("connections")).isEqualTo(5);
    }
  }

  @Test
  void closePolicyDisconnectsTheStalledSubscriber() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setMaxSendBufferSize(MAX_SEND_BUFFER).setOverflowPolicy(OverflowPolicy.CLOSE));
    try (RawClient stalled = stalledSubscriber(server)) {
      publishToFastSubscribers(server);
      Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
          server.stats().getLong("connections") == 4));
      assertThat(stalled.closedByServer()).isTrue();
      JsonObject stats = server.stats();
      assertThat(stats.getLong("slowDisconnects")).isEqualTo(1);
      assertThat(stats.getLong("connections")).isEqualTo(4);
    }
  }

  @Test
  void answersToAClientThatNeverReadsAreBoundedByTheSendBuffer() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        // pings before a first request get pongs only where PHP clients are not allowed
        .setPhpClientsFrom(List.of())
        .setMaxSendBufferSize(MAX_SEND_BUFFER));
    ChannelClient healthy = harness.remote(cluster.vertx(0), server);
    Inbox inbox = new Inbox();
    Await.result(healthy.on("healthy", inbox));
    byte[] pings = new byte[64 * 1024];
    for (int i = 0; i < pings.length; i += 4) {
      pings[i + 3] = 4;
    }
    try (RawClient pinger = new RawClient(server.actualPort(), 4096)) {
      // 16 MiB of pings, answered by 76 MiB of pongs if nothing stopped it; the writes block
      // once the server stops reading
      // its own thread: the blocked writer must not wait for, nor hold, a common-pool thread
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 256; i++) {
            pinger.send(pings);
          }
        } catch (java.io.IOException closedAtTheEnd) {
          // the test closed the socket
        }
      }, "attack-writer");
      writer.setDaemon(true);
      writer.start();
      Await.condition(cluster.vertx(0), 5, () -> Future.succeededFuture(
          pendingOf(server, pinger) >= MAX_SEND_BUFFER));
      // bound: the send buffer, the answers to one chunk's frames being handed over, one batch
      long bound = 2L * MAX_SEND_BUFFER + 32 * 1024;
      Future<Void> exceeded = Await.until(cluster.vertx(0), 5, Duration.ofSeconds(2),
          () -> Future.succeededFuture(pendingOf(server, pinger) > bound));
      Throwable within = Await.failure(exceeded);
      assertThat(within).as("pending bytes of the pinger stayed within %d", bound)
          .isInstanceOf(TimeoutException.class);

      Await.result(healthy.publish("healthy", "still served"));
      assertThat(inbox.next().data()).isEqualTo("still served");
    }
  }

  private static RawClient stalledSubscriber(ChannelServer server) throws Exception {
    RawClient stalled = new RawClient(server.actualPort(), 4096);
    stalled.send(new JsonObject().put("type", "subscribe").put("id", 1)
        .put("channels", new JsonArray().add("firehose")));
    assertThat(stalled.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 1));
    return stalled;
  }

  /** Three fast subscribers and a publisher; returns once every fast subscriber got every event. */
  private List<Inbox> publishToFastSubscribers(ChannelServer server) throws Exception {
    List<Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Inbox inbox = new Inbox();
      Await.result(harness.remote(cluster.vertx(0), server).on("firehose", inbox));
      inboxes.add(inbox);
    }
    ChannelClient publisher = harness.remote(cluster.vertx(0), server);
    // the clients share one event loop: a publisher that never waited for its acks would keep
    // it writing, not reading, until the fast subscribers looked as slow as the stalled one
    for (int first = 0; first < EVENTS; first += PUBLISH_WINDOW) {
      List<Future<Void>> sent = new ArrayList<>();
      IntStream.range(first, Math.min(EVENTS, first + PUBLISH_WINDOW))
          .forEach(i -> sent.add(publisher.publish("firehose", i + PAYLOAD)));
      Await.result(Future.all(sent));
    }
    List<Object> expected = IntStream.range(0, EVENTS).mapToObj(i -> (Object) (i + PAYLOAD))
        .toList();
    for (Inbox inbox : inboxes) {
      assertThat(inbox.next(EVENTS)).containsExactlyElementsOf(expected);
    }
    return inboxes;
  }

  private static JsonObject connectionOf(ChannelServer server, RawClient raw) {
    for (Object entry : server.connections()) {
      JsonObject connection = (JsonObject) entry;
      if (connection.getString("remoteAddress").endsWith(":" + raw.localPort())) {
        return connection;
      }
    }
    // not an AssertionError: inside an Await.condition it means "not yet" (the server may not
    // have registered a connection the client has just opened), which only exceptions do
    throw new IllegalStateException("connection of local port " + raw.localPort()
        + " not found");
  }

  private static long pendingOf(ChannelServer server, RawClient raw) {
    return connectionOf(server, raw).getLong("pendingBytes");
  }
}
