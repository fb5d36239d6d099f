package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad queue frames from a PHP connection (Workerman's protocol answers nothing): each is logged
 * and dropped, and the connection, its other queues and everyone else's go on.
 */
class PhpWorkQueueBadInputIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void closeClients() {
    harness.close();
  }

  private static byte[] php(JsonObject request) {
    return RawClient.frame(PhpSerialize.encode(request).getBytes());
  }

  @Test
  void badPhpQueueFramesAreDroppedAndDisturbNothing() throws Exception {
    startNodes(2);
    WorkQueueOptions limits = new WorkQueueOptions().setMaxItemSize(100).setMaxWatches(2);
    ChannelServer server = harness.server(cluster.vertx(0),
        new ChannelServerOptions().setQueues(limits));
    ChannelServer other = harness.server(cluster.vertx(1),
        new ChannelServerOptions().setQueues(limits));
    BlockingQueue<QueueItem> big = new LinkedBlockingQueue<>();
    ChannelClient java = harness.remote(cluster.vertx(1), other);
    Await.result(java.watch("big", item -> {
      big.add(item);
      item.ack();
    }));

    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(php(new JsonObject().put("type", "reserve")));
      raw.send(php(new JsonObject().put("type", "watch").put("channels", 5)));
      raw.send(php(new JsonObject().put("type", "enqueue").put("channels",
          new JsonArray().add("$reserved")).put("data", 1)));
      raw.send(php(new JsonObject().put("type", "enqueue").put("channels",
          new JsonArray().add("big")).put("data", "x".repeat(200))));
      raw.send(php(new JsonObject().put("type", "enqueue").put("channels",
          new JsonArray().add("big")).put("data", Buffer.buffer(new byte[] {(byte) 0xff}))));
      raw.send(php(new JsonObject().put("type", "watch").put("channels",
          new JsonArray().add("a").add("b").add("c"))));
      raw.send(php(new JsonObject().put("type", "watch").put("channels",
          new JsonArray().add("ok"))));
      raw.send(php(new JsonObject().put("type", "reserve")));

      Await.result(java.enqueue("ok", "fine"));
      JsonObject item = (JsonObject) PhpSerialize.decode(Buffer.buffer(raw.readPayload()));
      assertThat(item).isEqualTo(new JsonObject().put("type", "queue").put("channel", "ok")
          .put("data", "fine"));
    }
    Await.result(java.enqueue("big", "small enough"));
    QueueItem got = big.poll(30, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.data()).isEqualTo("small enough");
    assertThat(big.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(server.stats().getJsonObject("queues").getLong("refused")).isEqualTo(1);
    assertThat(server.stats().getLong("protocolErrors")).isGreaterThanOrEqualTo(3);
  }
}
