package dev.switchboard.channel.server;

import com.hazelcast.map.IMap;
import com.hazelcast.map.MapInterceptor;
import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One channel space over three nodes: channel servers on nodes 0 and 1 with remote clients, and a
 * local client on node 2.
 */
class ChannelFederationIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  @Test
  void publishReachesSubscribersOnEveryNodeBothWays() throws Exception {
    startNodes(3);
    ChannelServer server0 = harness.server(cluster.vertx(0));
    ChannelServer server1 = harness.server(cluster.vertx(1));
    ChannelClient a = harness.remote(cluster.vertx(0), server0);
    ChannelClient b = harness.remote(cluster.vertx(1), server1);
    ChannelClient c = harness.local(cluster.vertx(2));
    Inbox inboxA = new Inbox();
    Inbox inboxB = new Inbox();
    Inbox inboxC = new Inbox();
    Await.result(Future.all(a.on("news", inboxA), b.on("news", inboxB), c.on("news", inboxC)));

    Await.result(b.publish("news", "from b"));
    assertThat(inboxA.next().data()).isEqualTo("from b");
    assertThat(inboxB.next().data()).isEqualTo("from b");
    assertThat(inboxC.next().data()).isEqualTo("from b");

    Await.result(c.publish("news", new JsonObject().put("from", "c")));
    assertThat(inboxA.next().data()).isEqualTo(new JsonObject().put("from", "c"));
    assertThat(inboxB.next().data()).isEqualTo(new JsonObject().put("from", "c"));
    assertThat(inboxC.next().data()).isEqualTo(new JsonObject().put("from", "c"));

    Await.result(a.publish("news", 42));
    assertThat(inboxB.next().channel()).isEqualTo("news");
    assertThat(inboxC.next().data()).isEqualTo(42);
    assertThat(inboxA.next().data()).isEqualTo(42);
  }

  @Test
  void publishReachesOnlyNodesWithSubscribersInPublishOrder() throws Exception {
    startNodes(3);
    ChannelServer server0 = harness.server(cluster.vertx(0));
    ChannelServer server1 = harness.server(cluster.vertx(1));
    ChannelClient watcher = harness.local(cluster.vertx(2));
    Await.result(watcher.on("elsewhere", m -> { }));
    ChannelClient subscriber = harness.remote(cluster.vertx(0), server0);
    ChannelClient publisher = harness.remote(cluster.vertx(1), server1);
    Inbox inbox = new Inbox();
    Await.result(subscriber.on("only-node-0", inbox));

    List<Future<Void>> sent = new ArrayList<>();
    IntStream.range(0, 500).forEach(i -> sent.add(publisher.publish("only-node-0", i)));
    Await.result(Future.all(sent));

    assertThat(inbox.next(500)).containsExactlyElementsOf(
        IntStream.range(0, 500).boxed().map(Object.class::cast).toList());
    JsonObject node1 = Await.result(publisher.status());
    JsonObject node2 = Await.result(watcher.status());
    assertThat(node1.getLong("eventsToNodes")).isEqualTo(500);
    assertThat(node2.getLong("eventsFromNodes")).isZero();
    assertThat(inbox.receivesWithin(Duration.ofMillis(200))).isFalse();
  }

  @Test
  void theChannelNodeOutlivesTheVerticleThatStartedIt() throws Exception {
    startNodes(2);
    String first = Await.result(cluster.vertx(0).deployVerticle(new ChannelServerVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    ChannelClient subscriber = harness.local(cluster.vertx(0));
    Inbox inbox = new Inbox();
    Await.result(subscriber.on("kept", inbox));

    Await.result(cluster.vertx(0).undeploy(first));
    ChannelClient publisher = harness.local(cluster.vertx(1));
    Await.result(publisher.publish("kept", "after the undeploy"));
    assertThat(inbox.next().data()).isEqualTo("after the undeploy");
    assertThat(Await.result(subscriber.status()).getLong("eventsFromNodes")).isEqualTo(1);
  }

  @Test
  void aNodeJoinsWhenWritingItsRegistryEntryFailsOnce() throws Exception {
    startNodes(2);
    ChannelClient first = harness.local(cluster.vertx(0));
    Inbox inbox = new Inbox();
    Await.result(first.on("retried", inbox));
    IMap<Object, Object> registry =
        cluster.node(0).hazelcast().getMap(ChannelAddresses.NODES_MAP);
    FailingPuts.failNext(1);
    String interceptor = registry.addInterceptor(new FailingPuts());
    try {
      ChannelClient second = harness.local(cluster.vertx(1));

      assertThat(FailingPuts.FAILED.get()).isEqualTo(1);
      assertThat(registry.keySet()).hasSize(2);
      Await.result(second.publish("retried", "after a failed write"));
      assertThat(inbox.next().data()).isEqualTo("after a failed write");
    } finally {
      registry.removeInterceptor(interceptor);
    }
  }

  /**
   * Fails the next puts on the map it intercepts, as Hazelcast fails a put whose backup it could
   * not confirm. Hazelcast runs it on the partition owner, here in this JVM.
   */
  static final class FailingPuts implements MapInterceptor {

    static final AtomicInteger TO_FAIL = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();

    static void failNext(int puts) {
      FAILED.set(0);
      TO_FAIL.set(puts);
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
      if (TO_FAIL.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        FAILED.incrementAndGet();
        throw new IllegalStateException("put failed by the test");
      }
      return null;
    }

    @Override
    public Object interceptGet(Object value) {
      return null;
    }

    @Override
    public void afterGet(Object value) {
    }

    @Override
    public void afterPut(Object value) {
    }

    @Override
    public Object interceptRemove(Object removedValue) {
      return null;
    }

    @Override
    public void afterRemove(Object oldValue) {
    }
  }
}
