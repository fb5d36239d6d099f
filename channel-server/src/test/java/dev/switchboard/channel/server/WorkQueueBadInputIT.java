package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad work queue requests on the JSON protocol: each gets an {@code error} answer naming what is
 * wrong, the connection stays open and usable, and the queues of others are not disturbed.
 */
class WorkQueueBadInputIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  private static JsonObject request(String type, long id) {
    return new JsonObject().put("type", type).put("id", id);
  }

  /**
   * Reads the two frames a reserve brings when an item is ready, its ack and the item, in either
   * order.
   *
   * @return the item's frame
   */
  static JsonObject reservedItem(RawClient raw) throws Exception {
    JsonObject first = raw.read();
    JsonObject second = raw.read();
    JsonObject item = first.getString("type").equals("queue") ? first : second;
    JsonObject ack = item == first ? second : first;
    assertThat(ack.getString("type")).as("the reserve's answer %s", ack).isEqualTo("ack");
    return item;
  }

  private static void assertError(RawClient raw, long id, String code, String text)
      throws Exception {
    JsonObject answer = raw.read();
    assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("error");
    assertThat(answer.getLong("id")).isEqualTo(id);
    assertThat(answer.getString("code")).isEqualTo(code);
    assertThat(answer.getString("message")).contains(text);
  }

  @Test
  void badQueueRequestsAreAnsweredWithAClearErrorAndDisturbNothing() throws Exception {
    startNodes(2);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setQueues(new WorkQueueOptions().setMaxItemSize(100).setMaxWatches(2)));
    ChannelServer other = harness.server(cluster.vertx(1), new ChannelServerOptions()
        .setQueues(new WorkQueueOptions().setMaxItemSize(100).setMaxWatches(2)));
    BlockingQueue<QueueItem> bystander = new LinkedBlockingQueue<>();
    ChannelClient watcher = harness.remote(cluster.vertx(1), other);
    Await.result(watcher.watch("bystander", item -> {
      bystander.add(item);
      item.ack();
    }));

    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(request("dequeue", 1).put("queue", "q"));
      assertError(raw, 1, "UNKNOWN_TYPE", "dequeue");
      raw.send(request("watch", 2).put("queue", 5));
      assertError(raw, 2, "BAD_REQUEST", "queue must be a string");
      raw.send(request("enqueue", 3).put("queue", new JsonArray().add("q")).put("data", 1));
      assertError(raw, 3, "BAD_REQUEST", "queue must be a string");
      raw.send(request("enqueue", 4).put("queue", "q"));
      assertError(raw, 4, "BAD_REQUEST", "data is missing");
      raw.send(request("enqueue", 5).put("queue", "").put("data", 1));
      assertError(raw, 5, "BAD_CHANNEL", "queue names");
      raw.send(request("enqueue", 6).put("queue", "q").put("data", "x".repeat(200)));
      assertError(raw, 6, "ITEM_TOO_LARGE", "202 bytes");
      raw.send(request("ack", 7).put("queue", "q").put("item", "no-such-item"));
      assertError(raw, 7, "UNKNOWN_ITEM", "no-such-item");
      raw.send(request("nack", 8).put("queue", "q").put("item", 42));
      assertError(raw, 8, "BAD_REQUEST", "item must be");
      raw.send(request("reserve", 9).put("queue", "not-watched"));
      assertError(raw, 9, "BAD_REQUEST", "does not watch");
      raw.send(request("watch", 10).put("queue", "$reserved"));
      assertError(raw, 10, "FORBIDDEN", "reserved");
      raw.send(request("watch", 11).put("queue", "a"));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("watch", 12).put("queue", "b"));
      assertThat(raw.read().getString("type")).isEqualTo("ack");
      raw.send(request("watch", 13).put("queue", "c"));
      assertError(raw, 13, "TOO_MANY_WATCHES", "at most 2");

      // the connection still works, and so does everyone else's queue
      raw.send(request("enqueue", 14).put("queue", "a").put("data", "fine"));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 14));
      raw.send(request("reserve", 15).put("queue", "a"));
      JsonObject item = reservedItem(raw);
      assertThat(item.getString("queue")).isEqualTo("a");
      assertThat(item.getString("data")).isEqualTo("fine");
      raw.send(request("reserve", 16).put("queue", "a"));
      assertError(raw, 16, "BAD_REQUEST", "ack or nack the item");
      raw.send(request("ack", 17).put("queue", "a").put("item", item.getString("item")));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 17));
      raw.send(request("ack", 18).put("queue", "a").put("item", item.getString("item")));
      assertError(raw, 18, "UNKNOWN_ITEM", item.getString("item"));
    }
    ChannelClient producer = harness.local(cluster.vertx(0));
    Await.result(producer.enqueue("bystander", "untouched"));
    QueueItem got = bystander.poll(30, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.data()).isEqualTo("untouched");
    assertThat(server.stats().getJsonObject("queues").getLong("refused")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aSecondReserveBeforeTheItemComesChangesNothing() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0));
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(request("watch", 1).put("queue", "credit"));
      raw.send(request("reserve", 2).put("queue", "credit"));
      raw.send(request("reserve", 3).put("queue", "credit"));
      // answered by id: the watch's once the node listens to the queue, maybe after the others
      java.util.Set<Long> acked = new java.util.HashSet<>();
      for (int i = 0; i < 3; i++) {
        JsonObject answer = raw.read();
        assertThat(answer.getString("type")).isEqualTo("ack");
        acked.add(answer.getLong("id"));
      }
      assertThat(acked).containsExactlyInAnyOrder(1L, 2L, 3L);
      ChannelClient producer = harness.local(cluster.vertx(0));
      Await.result(producer.enqueue("credit", 1));
      Await.result(producer.enqueue("credit", 2));
      JsonObject item = raw.read();
      assertThat(item.getString("type")).isEqualTo("queue");
      assertThat(item.getInteger("data")).isEqualTo(1);
      // one item per credit: the second comes only after a settle and a reserve
      raw.send(request("status", 4));
      assertThat(raw.read().getString("type")).isEqualTo("status");
      raw.send(request("ack", 5).put("queue", "credit").put("item", item.getString("item")));
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 5));
      raw.send(request("reserve", 6).put("queue", "credit"));
      JsonObject next = reservedItem(raw);
      assertThat(next.getInteger("data")).isEqualTo(2);
    }
  }
}
