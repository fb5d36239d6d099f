package dev.switchboard.channel.server;

import com.hazelcast.multimap.MultiMap;
import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Membership of the channel space converges by itself: a node forgotten by the others (its
 * event-bus consumers vanished for a while, as in a split brain or a long pause) is met again, a
 * peer whose hello timed out is asked again for its channels, and a late message from a node
 * that left does not bring it back.
 */
class ChannelMembershipIT extends ClusteredTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelMembershipIT.class);

  /**
   * The longest time the documentation allows for meeting a node again once it is reachable (two
   * sync intervals: the cluster manager may publish the node's addresses just after a sync), plus
   * 2 s for the probes themselves on a loaded machine.
   */
  private static final Duration MEET_AGAIN = Duration.ofMillis(
      2 * ChannelNodeOptions.DEFAULT_SYNC_INTERVAL + 2_000);

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  private static JsonObject status(ChannelClient client) {
    return Await.result(client.status());
  }

  @Test
  void aForgottenNodeIsMetAgainOnceItsAddressesAreBack() throws Exception {
    startNodes(2);
    ChannelClient a = harness.local(cluster.vertx(0));
    ChannelClient b = harness.local(cluster.vertx(1));
    Inbox inbox = new Inbox();
    Inbox fromNewNode = new Inbox();
    Await.result(Future.all(b.on("split", inbox), b.on("split-c", fromNewNode)));
    String bId = status(b).getString("node");
    assertThat(status(a).getInteger("peers")).isEqualTo(1);

    // what a split brain does: each half of the cluster loses the other's event-bus consumers
    Set<String> vertxNodes = Set.of(cluster.node(0).clusterManager().getNodeId(),
        cluster.node(1).clusterManager().getNodeId());
    MultiMap<String, HazelcastRegistrationInfo> subs =
        cluster.node(0).hazelcast().getMultiMap(LoopbackCluster.VERTX_SUBSCRIPTIONS);
    List<Map.Entry<String, HazelcastRegistrationInfo>> removed = new ArrayList<>();
    for (Map.Entry<String, HazelcastRegistrationInfo> entry : subs.entrySet()) {
      if (vertxNodes.contains(entry.getValue().unwrap().nodeId())) {
        removed.add(Map.entry(entry.getKey(), entry.getValue()));
      }
    }
    assertThat(removed).isNotEmpty();
    removed.forEach(e -> subs.remove(e.getKey(), e.getValue()));
    Await.condition(cluster.vertx(0), 50, () -> Future.all(a.status(), b.status())
        .map(both -> both.<JsonObject>resultAt(0).getInteger("peers") == 0
            && both.<JsonObject>resultAt(1).getInteger("peers") == 0));

    // the consumers come back (Vert.x re-publishes them after a merge)
    removed.forEach(e -> subs.put(e.getKey(), e.getValue()));
    long restored = System.nanoTime();
    AtomicInteger probes = new AtomicInteger();
    Await.result(Await.until(cluster.vertx(0), 100, MEET_AGAIN,
            () -> a.publish("split", probes.incrementAndGet()).map(v -> inbox.size() > 0)),
        MEET_AGAIN.plusSeconds(5), "a publish from A reaching B again");
    LOG.info("Delivery A->B resumed {} ms after B's consumers came back",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored));
    assertThat(inbox.next().channel()).isEqualTo("split");
    assertThat(status(a).getInteger("peers")).isEqualTo(1);
    assertThat(status(b).getInteger("peers")).isEqualTo(1);
    Await.result(Await.until(cluster.vertx(0), 100, MEET_AGAIN, () -> Future.succeededFuture(
            cluster.node(0).hazelcast().getMap(ChannelAddresses.NODES_MAP).containsKey(bId))),
        MEET_AGAIN.plusSeconds(5), "B's registry entry");

    cluster.addNode();
    ChannelClient c = harness.local(cluster.vertx(2));
    Await.result(c.publish("split-c", "from c"));
    assertThat(fromNewNode.next().data()).isEqualTo("from c");
    assertThat(status(c).getInteger("peers")).isEqualTo(2);
  }

  @Test
  void aPeerWhoseHelloTimedOutIsAskedAgainForItsChannels() throws Exception {
    startNodes(1);
    ChannelClient b = harness.local(cluster.vertx(0));
    Inbox inbox = new Inbox();
    Await.result(b.on("y", inbox));
    cluster.addNode();
    Vertx cVertx = cluster.vertx(1);

    ChannelNode bNode = Await.result(ChannelNode.acquire(cluster.vertx(0)));
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean blockOnce = new AtomicBoolean(true);
    bNode.statusSource("blocker", () -> {
      if (blockOnce.getAndSet(false)) {
        blocked.countDown();
        awaitQuietly(release);
      }
      return new JsonObject();
    });
    try {
      // the status consumer runs on B's node context: this blocks it until C has joined
      cluster.vertx(0).eventBus().request(ChannelAddresses.STATUS, null);
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      ChannelClient c = harness.local(cVertx);
      assertThat(status(c).getInteger("peers")).isEqualTo(1);
      release.countDown();

      Await.result(Await.until(cVertx, 100, MEET_AGAIN,
              () -> c.publish("y", "probe").map(v -> inbox.size() > 0)),
          MEET_AGAIN.plusSeconds(5), "a publish from C reaching B's subscriber of y");
      assertThat(inbox.next().data()).isEqualTo("probe");
      assertThat(status(c).getInteger("remoteChannels")).isEqualTo(1);
    } finally {
      release.countDown();
      bNode.removeStatusSource("blocker");
      Await.result(bNode.release());
    }
  }

  @Test
  void aLateInterestMessageFromANodeThatLeftDoesNotBringItBack() throws Exception {
    startNodes(2);
    ChannelClient a = harness.local(cluster.vertx(0));
    ChannelClient b = harness.track(ChannelClient.local(cluster.vertx(1)));
    Await.result(b.on("gone", m -> { }));
    String aId = status(a).getString("node");
    String bId = status(b).getString("node");
    Await.result(b.close());
    Await.condition(cluster.vertx(0), 20, () -> a.status().map(s -> s.getInteger("peers") == 0));

    // an interest repair B sent just before it left, delivered late
    JsonObject late = new JsonObject().put("op", "interest").put("node", bId)
        .put("add", new JsonArray().add("late")).put("remove", new JsonArray().add("gone"));
    Await.result(cluster.vertx(1).eventBus().request(ChannelAddresses.control(aId), late)
        .<Void>mapEmpty().recover(e -> Future.succeededFuture()));

    JsonObject after = status(a);
    assertThat(after.getInteger("peers")).isZero();
    assertThat(after.getInteger("remoteChannels")).isZero();
    Await.result(a.publish("late", "to nobody"));
    assertThat(status(a).getLong("eventsToNodes")).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
