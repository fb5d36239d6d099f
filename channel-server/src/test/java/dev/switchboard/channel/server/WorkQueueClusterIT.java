package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.QueueItem;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.ScrapedMetrics;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-wide work queues on three real clustered nodes, each running a channel server:
 * remote and local producers and consumers, delivery exactly once when nobody leaves, FIFO, the
 * length bound, and items put back when their watcher leaves.
 */
class WorkQueueClusterIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  /** Hands each item to a shared list and acks it (or not). */
  private static final class Consumer implements io.vertx.core.Handler<QueueItem> {
    final BlockingQueue<QueueItem> items;
    final boolean ack;

    Consumer(BlockingQueue<QueueItem> items, boolean ack) {
      this.items = items;
      this.ack = ack;
    }

    @Override
    public void handle(QueueItem item) {
      items.add(item);
      if (ack) {
        item.ack();
      }
    }
  }

  private static QueueItem next(BlockingQueue<QueueItem> items) throws InterruptedException {
    QueueItem item = items.poll(30, TimeUnit.SECONDS);
    assertThat(item).as("a queue item within 30 s").isNotNull();
    return item;
  }

  private List<ChannelServer> servers(int count, WorkQueueOptions queues) {
    List<ChannelServer> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(harness.server(cluster.vertx(i), new ChannelServerOptions().setQueues(queues)));
    }
    return list;
  }

  /** The sum of a queue counter over the nodes (one server each; the counters are the node's). */
  private static long sum(List<ChannelServer> servers, String counter) {
    return servers.stream().mapToLong(s -> s.stats().getJsonObject("queues").getLong(counter))
        .sum();
  }

  @Test
  void everyItemIsConsumedExactlyOnceByConsumersOnThreeNodes() throws Exception {
    startNodes(3);
    List<ChannelServer> servers = servers(3, new WorkQueueOptions());
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    for (int i = 0; i < 4; i++) {
      ChannelClient consumer = i < 3 ? harness.remote(cluster.vertx(i), servers.get(i))
          : harness.local(cluster.vertx(2));
      Await.result(consumer.watch("jobs", new Consumer(received, true)));
    }
    List<Future<Void>> enqueued = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      ChannelClient producer = harness.remote(cluster.vertx(p), servers.get((p + 1) % 3));
      for (int i = 0; i < 100; i++) {
        enqueued.add(producer.enqueue("jobs", new JsonObject().put("p", p).put("i", i)));
      }
    }
    Await.result(Future.all(enqueued));

    Map<String, Integer> seen = new HashMap<>();
    for (int n = 0; n < 300; n++) {
      QueueItem item = next(received);
      JsonObject data = (JsonObject) item.data();
      seen.merge(data.getInteger("p") + "/" + data.getInteger("i"), 1, Integer::sum);
      assertThat(item.redelivered()).isFalse();
      assertThat(item.queue()).isEqualTo("jobs");
    }
    assertThat(seen).hasSize(300).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    Await.result(Await.until(cluster.vertx(0), 50, Duration.ofSeconds(10),
        () -> Future.succeededFuture(sum(servers, "acked") == 300)));
    assertThat(sum(servers, "enqueued")).isEqualTo(300);
    assertThat(sum(servers, "delivered")).isEqualTo(300);
    assertThat(sum(servers, "redelivered")).isZero();
  }

  @Test
  void oneConsumerGetsTheItemsInEnqueueOrder() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2, new WorkQueueOptions());
    ChannelClient producer = harness.remote(cluster.vertx(0), servers.get(0));
    for (int i = 0; i < 200; i++) {
      Await.result(producer.enqueue("ordered", i));
    }
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient consumer = harness.remote(cluster.vertx(1), servers.get(1));
    Await.result(consumer.watch("ordered", new Consumer(received, true)));
    for (int i = 0; i < 200; i++) {
      assertThat(next(received).data()).isEqualTo(i);
    }
    ScrapedMetrics producerNode = ScrapedMetrics.parse(NodeMetrics.scrape(cluster.vertx(0)));
    assertThat(producerNode.value("switchboard_queue_items_total", "result", "enqueued"))
        .isEqualTo(200);
    Await.condition(cluster.vertx(1), 20, () -> Future.succeededFuture(ScrapedMetrics.parse(
        NodeMetrics.scrape(cluster.vertx(1))).value("switchboard_queue_items_total", "result",
        "acked") == 200));
    ScrapedMetrics consumerNode = ScrapedMetrics.parse(NodeMetrics.scrape(cluster.vertx(1)));
    assertThat(consumerNode.value("switchboard_queue_items_total", "result", "delivered"))
        .isEqualTo(200);
    assertThat(consumerNode.labelNames("switchboard_queue")).containsExactly("result");
    assertThat(consumerNode.labelNames("switchboard_")).isSubsetOf(ScrapedMetrics.BOUNDED_LABELS);
  }

  @Test
  void theNextItemComesOnlyOnceThePreviousIsSettledAndANackGoesToTheHead() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2, new WorkQueueOptions());
    ChannelClient producer = harness.local(cluster.vertx(0));
    Await.result(producer.enqueue("one-at-a-time", "a"));
    Await.result(producer.enqueue("one-at-a-time", "b"));
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient consumer = harness.remote(cluster.vertx(1), servers.get(1));
    Await.result(consumer.watch("one-at-a-time", new Consumer(received, false)));

    QueueItem first = next(received);
    assertThat(first.data()).isEqualTo("a");
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing before a settle").isNull();
    Await.result(first.nack());
    QueueItem again = next(received);
    assertThat(again.data()).isEqualTo("a");
    assertThat(again.redelivered()).isTrue();
    Await.result(again.ack());
    assertThat(((ChannelException) Await.failure(again.ack())).reason())
        .isEqualTo(Reason.BAD_REQUEST);
    QueueItem second = next(received);
    assertThat(second.data()).isEqualTo("b");
    Await.result(second.ack());
    assertThat(sum(servers, "nacked")).isEqualTo(1);
    assertThat(sum(servers, "redelivered")).isEqualTo(1);
  }

  @Test
  void anItemWhoseConnectionClosesUnackedGoesToAnotherWatcher() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2, new WorkQueueOptions());
    ChannelClient producer = harness.local(cluster.vertx(1));
    Await.result(producer.enqueue("held", "the item"));
    try (RawClient raw = new RawClient(servers.get(0).actualPort())) {
      raw.send(new JsonObject().put("type", "watch").put("id", 1).put("queue", "held"));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(new JsonObject().put("type", "reserve").put("id", 2).put("queue", "held"));
      JsonObject item = WorkQueueBadInputIT.reservedItem(raw);
      assertThat(item.getString("data")).isEqualTo("the item");
      assertThat(item.getBoolean("redelivered")).isFalse();
      assertThat(item.getString("item")).isNotEmpty();
    }
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient other = harness.remote(cluster.vertx(1), servers.get(1));
    Await.result(other.watch("held", new Consumer(received, true)));
    QueueItem again = next(received);
    assertThat(again.data()).isEqualTo("the item");
    assertThat(again.redelivered()).isTrue();
  }

  @Test
  void aRemoteClientWatchesAgainAfterAReconnectAndGetsItsUnackedItemAgain() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2, new WorkQueueOptions());
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient consumer = harness.remote(cluster.vertx(1),
        ChannelHarness.to(servers.get(0), servers.get(1)));
    Await.result(consumer.watch("survives", new Consumer(received, false)));
    ChannelClient producer = harness.local(cluster.vertx(1));
    Await.result(producer.enqueue("survives", "first"));
    QueueItem held = next(received);
    assertThat(held.data()).isEqualTo("first");

    Await.result(servers.get(0).close());

    QueueItem again = next(received);
    assertThat(again.data()).isEqualTo("first");
    assertThat(again.redelivered()).isTrue();
    assertThat(((ChannelException) Await.failure(held.ack())).reason())
        .isIn(Reason.UNKNOWN_ITEM, Reason.DISCONNECTED);
    Await.result(again.ack());
    Await.result(producer.enqueue("survives", "second"));
    QueueItem second = next(received);
    assertThat(second.data()).isEqualTo("second");
    assertThat(second.redelivered()).isFalse();
  }

  @Test
  void anEnqueueBeyondTheMaximumLengthFailsAndLosesNothing() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2, new WorkQueueOptions().setMaxQueueLength(5));
    ChannelClient producer = harness.remote(cluster.vertx(0), servers.get(0));
    for (int i = 0; i < 5; i++) {
      Await.result(producer.enqueue("bounded", i));
    }
    ChannelException full = (ChannelException) Await.failure(producer.enqueue("bounded", 5));
    assertThat(full.reason()).isEqualTo(Reason.QUEUE_FULL);
    assertThat(full.getMessage()).contains("bounded").contains("5 items");
    Await.result(producer.enqueue("another", "fits"));

    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient consumer = harness.remote(cluster.vertx(1), servers.get(1));
    Await.result(consumer.watch("bounded", new Consumer(received, true)));
    for (int i = 0; i < 5; i++) {
      assertThat(next(received).data()).isEqualTo(i);
    }
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(sum(servers, "refused")).isEqualTo(1);
  }

  @Test
  void theQueueMapHasOneSynchronousBackupOnEveryMember() throws Exception {
    startNodes(2);
    servers(1, new WorkQueueOptions());
    for (int i = 0; i < 2; i++) {
      MapConfig config = cluster.node(i).hazelcast().getConfig().findMapConfig(
          "switchboard.queues");
      assertThat(config.getBackupCount()).isEqualTo(1);
      assertThat(config.getAsyncBackupCount()).isZero();
      assertThat(config.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
    }
  }

  @Test
  void aMemberConfigurationWithoutABackupLeavesTheQueuesOffSayingWhy() throws Exception {
    Config config = LoopbackCluster.memberConfig(LoopbackCluster.randomClusterName(), List.of());
    config.getMapConfig("switchboard.queues").setBackupCount(0);
    ClusterNode node = Await.result(LoopbackCluster.startNode(config));
    ChannelHarness own = new ChannelHarness();
    try {
      ChannelServer server = own.server(node.vertx());
      assertThat(server.stats().getJsonObject("queues").getString("unavailable"))
          .contains("backup-count 0");
      ChannelClient client = own.remote(node.vertx(), server);
      ChannelException refused = (ChannelException) Await.failure(client.enqueue("q", 1));
      assertThat(refused.reason()).isEqualTo(Reason.QUEUES_UNAVAILABLE);
      assertThat(refused.getMessage()).contains("backup-count 0");
    } finally {
      own.close();
      Await.result(node.vertx().close());
    }
  }

  @Test
  void aLocalClientOnANodeWithoutAChannelServerIsToldWhy() throws Exception {
    startNodes(1);
    ChannelClient local = harness.local(cluster.vertx(0));
    ChannelException refused = (ChannelException) Await.failure(local.enqueue("q", 1));
    assertThat(refused.reason()).isEqualTo(Reason.QUEUES_UNAVAILABLE);
    assertThat(refused.getMessage()).contains("no channel server");
    assertThat(((ChannelException) Await.failure(local.watch("q", item -> { }))).reason())
        .isEqualTo(Reason.QUEUES_UNAVAILABLE);
  }

  @Test
  void aServerOnANodeThatIsNotClusteredRefusesQueueRequestsAndServesChannels() throws Exception {
    Vertx standalone = Vertx.vertx();
    ChannelHarness own = new ChannelHarness();
    try {
      ChannelServer server = own.server(standalone);
      ChannelClient client = own.remote(standalone, server);
      ChannelException refused = (ChannelException) Await.failure(client.enqueue("q", 1));
      assertThat(refused.reason()).isEqualTo(Reason.QUEUES_UNAVAILABLE);
      assertThat(refused.getMessage()).contains("clustered");
      Await.result(client.on("still", m -> { }));
      Await.result(client.publish("still", "works"));
    } finally {
      own.close();
      Await.result(standalone.close());
    }
  }
}
