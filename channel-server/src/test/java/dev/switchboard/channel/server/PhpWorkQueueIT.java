package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Future;
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
 * Workerman Channel's queue (watch, enqueue, reserve) spoken by PHP itself (the project's
 * queue_worker.php and queue_producer.php, with PHP's own serialize()) on the cluster's work
 * queues: PHP producers and workers on three nodes, a PHP worker killed in the middle of its
 * item, and PHP and Java sharing one queue.
 */
class PhpWorkQueueIT extends ClusteredTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChannelHarness harness = new ChannelHarness();
  private final PhpScripts scripts = new PhpScripts();

  @AfterEach
  void stop() throws Exception {
    scripts.close();
    harness.close();
  }

  private PhpProcess php(String script, Object... args) throws Exception {
    return scripts.start(script, args);
  }

  private PhpProcess worker(ChannelServer server, String queue, Object... more) throws Exception {
    List<Object> args = new ArrayList<>(List.of("127.0.0.1", server.actualPort(), queue));
    args.addAll(List.of(more));
    PhpProcess worker = php("queue_worker.php", args.toArray());
    worker.awaitLine("ready"::equals, WAIT);
    return worker;
  }

  private void produce(ChannelServer server, String queue, int count, String tag)
      throws Exception {
    PhpProcess producer = php("queue_producer.php", "127.0.0.1", server.actualPort(), queue,
        count, tag);
    producer.awaitLine(("enqueued " + count)::equals, WAIT);
    assertThat(producer.awaitExit(WAIT)).isZero();
  }

  private List<ChannelServer> servers(int count) {
    List<ChannelServer> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(harness.server(cluster.vertx(i)));
    }
    return list;
  }

  /** The items the workers printed so far ("item <queue> <json>"), as their JSON data. */
  private static List<JsonObject> items(List<PhpProcess> workers) {
    List<JsonObject> items = new ArrayList<>();
    for (PhpProcess worker : workers) {
      for (String line : worker.lines()) {
        if (line.startsWith("item ")) {
          items.add(new JsonObject(line.substring(line.indexOf(' ', 5) + 1)));
        }
      }
    }
    return items;
  }

  @Test
  void phpProducersAndWorkersOnThreeNodesConsumeEveryItemOnce() throws Exception {
    startNodes(3);
    List<ChannelServer> servers = servers(3);
    List<PhpProcess> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(worker(servers.get(i), "php-jobs", 1000));
    }
    produce(servers.get(0), "php-jobs", 60, "a");
    produce(servers.get(1), "php-jobs", 60, "b");
    produce(servers.get(2), "php-jobs", 60, "c");

    Await.condition(cluster.vertx(0), 50, () -> Future.succeededFuture(
        items(workers).size() >= 180));
    Map<String, Integer> seen = new HashMap<>();
    for (JsonObject item : items(workers)) {
      seen.merge(item.getString("tag") + "/" + item.getInteger("n"), 1, Integer::sum);
    }
    assertThat(seen).hasSize(180).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    // each worker's next reserve acknowledged its items: nothing is left held
    long acked = 0;
    for (ChannelServer server : servers) {
      acked += server.stats().getJsonObject("queues").getLong("acked");
    }
    assertThat(acked).isBetween(177L, 180L);
  }

  @Test
  void theItemOfAPhpWorkerKilledMidItemGoesToAnotherWorker() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2);
    PhpProcess holder = worker(servers.get(0), "php-held", 1, "hold");
    produce(servers.get(1), "php-held", 1, "only");
    String holding = holder.awaitLine(line -> line.startsWith("holding "), WAIT);
    assertThat(new JsonObject(holding.substring(8)).getString("tag")).isEqualTo("only");

    PhpProcess other = worker(servers.get(1), "php-held", 1);
    holder.kill();

    String again = other.awaitLine(line -> line.startsWith("item "), WAIT);
    assertThat(again).isEqualTo("item php-held {\"tag\":\"only\",\"n\":0}");
    assertThat(other.awaitExit(WAIT)).isZero();
    assertThat(servers.get(1).stats().getJsonObject("queues").getLong("redelivered"))
        .isEqualTo(1);
  }

  @Test
  void phpAndJavaShareOneQueueBothWays() throws Exception {
    startNodes(2);
    List<ChannelServer> servers = servers(2);
    ChannelClient java = harness.remote(cluster.vertx(1), servers.get(1));
    Await.result(java.enqueue("shared", new JsonObject().put("from", "java")
        .put("list", new io.vertx.core.json.JsonArray().add(1).add("two"))));
    PhpProcess worker = worker(servers.get(0), "shared", 1);
    assertThat(worker.awaitLine(line -> line.startsWith("item "), WAIT))
        .isEqualTo("item shared {\"from\":\"java\",\"list\":[1,\"two\"]}");

    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    Await.result(java.watch("from-php", item -> {
      received.add(item);
      item.ack();
    }));
    produce(servers.get(0), "from-php", 2, "php");
    QueueItem first = received.poll(30, TimeUnit.SECONDS);
    QueueItem second = received.poll(30, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(first.data()).isEqualTo(new JsonObject().put("tag", "php").put("n", 0));
    assertThat(second.data()).isEqualTo(new JsonObject().put("tag", "php").put("n", 1));
  }
}
