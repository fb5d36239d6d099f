package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A remote client across a server stop and restart, its outbox, and failover to another server. */
class ChannelReconnectIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  private static ChannelClientOptions quick(ChannelClientOptions options) {
    return options.setReconnectInitialDelay(20).setReconnectMaxDelay(200).setConnectTimeout(2_000);
  }

  @Test
  void clientResubscribesAndDrainsItsOutboxInOrderAfterAServerRestart() throws Exception {
    startNodes(2);
    ChannelServer server = harness.server(cluster.vertx(0));
    int port = server.actualPort();
    ChannelClient publisher = harness.remote(cluster.vertx(0), quick(ChannelHarness.to(server)));
    ChannelClient subscriber = harness.remote(cluster.vertx(0), quick(ChannelHarness.to(server)));
    BlockingQueue<ChannelClient.State> states = new LinkedBlockingQueue<>();
    subscriber.stateListener(states::add);
    Inbox remoteInbox = new Inbox();
    Await.result(subscriber.on("orders", remoteInbox));
    ChannelClient watcher = harness.local(cluster.vertx(1));
    Inbox localInbox = new Inbox();
    Await.result(watcher.on("orders", localInbox));

    Await.result(server.close());
    Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
        publisher.state() != ChannelClient.State.CONNECTED));
    List<Future<Void>> whileDown = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> whileDown.add(publisher.publish("orders", i)));
    assertThat(whileDown).noneMatch(Future::isComplete);

    harness.server(cluster.vertx(0), new ChannelServerOptions().setPort(port));
    Await.result(Future.all(whileDown));
    assertThat(localInbox.next(100)).containsExactlyElementsOf(
        IntStream.range(0, 100).boxed().map(Object.class::cast).toList());

    Await.condition(cluster.vertx(1), 50, () -> watcher.publish("orders", "probe")
        .map(v -> remoteInbox.size() > 0));
    assertThat(remoteInbox.next().channel()).isEqualTo("orders");
    assertThat(states).contains(ChannelClient.State.DISCONNECTED, ChannelClient.State.CONNECTED);
  }

  @Test
  void outboxOverflowFailsThePublishesThatDoNotFitAndOnlyThose() throws Exception {
    startNodes(2);
    ChannelServer server = harness.server(cluster.vertx(0));
    int port = server.actualPort();
    ChannelClient publisher = harness.remote(cluster.vertx(0),
        quick(ChannelHarness.to(server)).setOutboxSize(2_000));
    ChannelClient watcher = harness.local(cluster.vertx(1));
    Inbox inbox = new Inbox();
    Await.result(watcher.on("outbox", inbox));
    Await.result(server.close());
    Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
        publisher.state() != ChannelClient.State.CONNECTED));

    List<Future<Void>> sent = new ArrayList<>();
    String padding = "x".repeat(100);
    IntStream.range(0, 40).forEach(i -> sent.add(publisher.publish("outbox", i + padding)));
    Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
        sent.stream().filter(Future::failed).count() > 0));
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).failed()) {
        assertThat(sent.get(i).cause()).isInstanceOf(ChannelException.class)
            .hasMessageContaining("OUTBOX_FULL");
      } else {
        kept.add(i);
      }
    }
    assertThat(kept).isNotEmpty().hasSizeLessThan(40);
    assertThat(kept).containsExactlyElementsOf(IntStream.range(0, kept.size()).boxed().toList());

    harness.server(cluster.vertx(0), new ChannelServerOptions().setPort(port));
    Await.result(Future.all(kept.stream().map(sent::get).toList()));
    assertThat(inbox.next(kept.size())).containsExactlyElementsOf(
        kept.stream().map(i -> (Object) (i + padding)).toList());
    Await.result(publisher.publish("outbox", "after"));
    assertThat(inbox.next().data()).isEqualTo("after");
  }

  @Test
  void clientFailsOverToTheNextServerOfItsList() throws Exception {
    startNodes(2);
    ChannelServer first = harness.server(cluster.vertx(0));
    ChannelServer second = harness.server(cluster.vertx(1));
    ChannelClient client = harness.remote(cluster.vertx(0), quick(ChannelHarness.to(first, second)));
    Inbox inbox = new Inbox();
    Await.result(client.on("failover", inbox));
    assertThat(first.stats().getLong("connections")).isEqualTo(1);

    Await.result(first.close());
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        second.stats().getLong("subscriptions") == 1));
    assertThat(client.state()).isEqualTo(ChannelClient.State.CONNECTED);
    ChannelClient publisher = harness.local(cluster.vertx(0));
    Await.result(publisher.publish("failover", "via the second server"));
    assertThat(inbox.next().data()).isEqualTo("via the second server");
  }
}
