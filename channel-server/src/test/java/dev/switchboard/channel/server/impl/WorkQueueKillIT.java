package dev.switchboard.channel.server.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.channel.server.ChannelServer;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.NodeMain;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work queues when a member JVM is killed with SIGKILL: the item its consumer held is
 * delivered again, and the items stored on it (its partitions' primaries) that were acknowledged
 * to their producers are all still there.
 */
class WorkQueueKillIT extends ClusteredTestBase {

  private final List<ChannelClient> clients = new ArrayList<>();
  private final List<ChannelServer> servers = new ArrayList<>();
  private NodeProcess process;

  @AfterEach
  void closeAll() throws Exception {
    clients.forEach(c -> Await.result(c.close()));
    servers.forEach(s -> Await.result(s.close()));
    if (process != null) {
      process.close();
    }
  }

  private ChannelServer server(int node) {
    ChannelServer server = Await.result(ChannelServer.create(cluster.vertx(node),
        new ChannelServerOptions().setPort(0)).listen());
    servers.add(server);
    return server;
  }

  private ChannelClient client(ChannelClient client) {
    clients.add(client);
    return client;
  }

  private ChannelClient remote(int node, ChannelServer server) {
    ChannelClient client = client(ChannelClient.create(cluster.vertx(node),
        new ChannelClientOptions().setServers(List.of("127.0.0.1:" + server.actualPort()))));
    Await.result(client.connect());
    return client;
  }

  private NodeProcess startProcess(String... extraVerticles) throws Exception {
    List<String> verticles = new ArrayList<>();
    verticles.add(NodeMain.verticle(ChannelServerVerticle.class.getName(),
        new JsonObject().put("port", 0)));
    verticles.addAll(List.of(extraVerticles));
    process = NodeProcess.start(cluster.clusterName(), cluster.memberAddresses(),
        verticles.toArray(String[]::new));
    process.awaitMembers(cluster.size() + 1, Duration.ofSeconds(60));
    return process;
  }

  private IMap<String, QueueState> store() {
    return cluster.node(0).hazelcast().getMap(QueueStore.MAP_NAME);
  }

  private void awaitMembers(int count) {
    for (int i = 0; i < cluster.size(); i++) {
      HazelcastInstance member = cluster.node(i).hazelcast();
      Await.result(Await.until(cluster.vertx(i), 50, Duration.ofSeconds(30),
          () -> Future.succeededFuture(member.getCluster().getMembers().size() == count)));
    }
  }

  /**
   * Waits until the partitions have moved to the member just started and every backup is in sync
   * (a join only starts the migrations), then names queues whose entry's primary copy is on it.
   */
  private List<String> awaitQueuesStoredOnTheProcess(int count) {
    PartitionService partitions = cluster.node(0).hazelcast().getPartitionService();
    List<String> queues = new ArrayList<>();
    Await.result(Await.until(cluster.vertx(0), 50, Duration.ofSeconds(60),
        () -> cluster.vertx(0).executeBlocking(() -> {
          queues.clear();
          for (int i = 0; queues.size() < count && i < 10_000; i++) {
            String name = "stored-" + i;
            Member owner = partitions.getPartition(name).getOwner();
            if (owner != null && owner.getAddress().toString().replace("[", "").replace("]", "")
                .equals(process.memberAddress())) {
              queues.add(name);
            }
          }
          return queues.size() == count && partitions.isClusterSafe();
        }, false)));
    return queues;
  }

  @Test
  void theItemOfAConsumerKilledMidItemIsDeliveredAgain() throws Exception {
    startNodes(2);
    server(0);
    ChannelServer server1 = server(1);
    ChannelClient producer = client(ChannelClient.local(cluster.vertx(0)));
    Await.result(producer.enqueue("killed-mid-item", "the work"));
    startProcess(NodeMain.verticle(HoldingQueueConsumer.class.getName(),
        new JsonObject().put("queue", "killed-mid-item")));
    Await.result(Await.until(cluster.vertx(0), 50, Duration.ofSeconds(30), () -> {
      QueueState state = store().get("killed-mid-item");
      return Future.succeededFuture(state != null && state.heldCount() == 1);
    }));
    BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
    ChannelClient survivor = remote(1, server1);
    Await.result(survivor.watch("killed-mid-item", item -> {
      received.add(item);
      item.ack();
    }));
    assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("held by the consumer JVM").isNull();

    process.kill();

    QueueItem again = received.poll(30, TimeUnit.SECONDS);
    assertThat(again).as("the item again, once the member is gone").isNotNull();
    assertThat(again.data()).isEqualTo("the work");
    assertThat(again.redelivered()).isTrue();
    assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void killingTheMemberThatStoresItemsLosesNoneAcknowledgedToTheirProducers() throws Exception {
    startNodes(2);
    ChannelServer server0 = server(0);
    ChannelServer server1 = server(1);
    startProcess();
    List<String> queues = awaitQueuesStoredOnTheProcess(4);
    assertThat(queues).as("queues stored on the killed member").hasSize(4);
    ChannelClient producer = remote(0, server0);
    List<Set<Integer>> acknowledged = new ArrayList<>();
    for (String queue : queues) {
      Set<Integer> done = new LinkedHashSet<>();
      for (int i = 0; i < 50; i++) {
        Await.result(producer.enqueue(queue, i));
        done.add(i);
      }
      acknowledged.add(done);
    }
    // more enqueues while the member dies: those acknowledged must survive too
    List<Future<Void>> during = new ArrayList<>();
    for (int i = 50; i < 100; i++) {
      during.add(producer.enqueue(queues.get(0), i));
    }
    process.kill();
    awaitMembers(2);
    for (int i = 0; i < during.size(); i++) {
      during.get(i).toCompletionStage().toCompletableFuture().handle((v, e) -> null)
          .get(30, TimeUnit.SECONDS);
      if (during.get(i).succeeded()) {
        acknowledged.get(0).add(50 + i);
      }
    }
    for (String queue : queues) {
      Await.result(producer.enqueue(queue, "end"));
    }

    ChannelClient consumer = remote(1, server1);
    for (int q = 0; q < queues.size(); q++) {
      BlockingQueue<QueueItem> received = new LinkedBlockingQueue<>();
      Await.result(consumer.watch(queues.get(q), item -> {
        received.add(item);
        item.ack();
      }));
      List<Integer> got = new ArrayList<>();
      while (true) {
        QueueItem item = received.poll(30, TimeUnit.SECONDS);
        assertThat(item).as("queue %s: an item within 30 s", queues.get(q)).isNotNull();
        if ("end".equals(item.data())) {
          break;
        }
        got.add((Integer) item.data());
      }
      assertThat(got).as("queue %s", queues.get(q)).containsAll(acknowledged.get(q));
      assertThat(got).as("queue %s, first deliveries in order", queues.get(q)).isSorted();
    }
  }
}
