package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscribe the server refuses changes nothing the client already held, and what the client
 * can tell is over the server's limits fails at once without being sent.
 */
class RefusedSubscribeIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  private static ChannelException failure(Future<?> future) {
    return (ChannelException) Await.failure(future);
  }

  @Test
  void aRefusedSubscribeKeepsTheChannelsAlreadyHeldAcrossAReconnection() throws Exception {
    startNodes(1);
    // stricter than the client's options say: the refusal comes from the server
    ChannelServerOptions strict = new ChannelServerOptions().setMaxChannelNameLength(16);
    ChannelServer server = harness.server(cluster.vertx(0), strict);
    int port = server.actualPort();
    ChannelClient client = harness.remote(cluster.vertx(0), ChannelHarness.to(server)
        .setReconnectInitialDelay(20).setReconnectMaxDelay(200));
    ChannelClient publisher = harness.local(cluster.vertx(0));
    Inbox inbox = new Inbox();
    Await.result(client.on("news", inbox));

    assertThat(failure(client.subscribe(List.of("news", "a-name-longer-than-16"))).reason())
        .isEqualTo(Reason.BAD_CHANNEL);
    Await.result(publisher.publish("news", 1));
    assertThat(inbox.next().data()).isEqualTo(1);

    Await.result(server.close());
    Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
        client.state() != ChannelClient.State.CONNECTED));
    harness.server(cluster.vertx(0), new ChannelServerOptions(strict).setPort(port));
    Await.condition(cluster.vertx(0), 50, () -> publisher.publish("news", 2)
        .map(v -> inbox.size() > 0));
    assertThat(inbox.next().data()).isEqualTo(2);
  }

  @Test
  void namesAndCountsOverTheServerLimitsFailOnTheClientWithoutBeingSent() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0));
    ChannelClient client = harness.remote(cluster.vertx(0), server);
    List<String> all = IntStream.range(0, ChannelServerOptions.DEFAULT_MAX_CHANNELS)
        .mapToObj(i -> "c" + i).toList();
    Await.result(client.subscribe(all));
    long bytesIn = server.stats().getLong("bytesIn");

    String tooLong = "x".repeat(ChannelServerOptions.DEFAULT_MAX_CHANNEL_NAME_LENGTH + 1);
    assertThat(failure(client.subscribe(List.of(tooLong))).reason()).isEqualTo(Reason.BAD_CHANNEL);
    assertThat(failure(client.publish(List.of("c1", tooLong), 1)).reason())
        .isEqualTo(Reason.BAD_CHANNEL);
    List<String> tooMany = IntStream.rangeClosed(0, ChannelServerOptions.DEFAULT_MAX_CHANNELS)
        .mapToObj(i -> "p" + i).toList();
    assertThat(failure(client.publish(tooMany, 1)).reason()).isEqualTo(Reason.TOO_MANY_CHANNELS);
    assertThat(failure(client.subscribe(List.of("c1", "one-more"))).reason())
        .isEqualTo(Reason.TOO_MANY_CHANNELS);

    assertThat(server.stats().getLong("bytesIn")).isEqualTo(bytesIn);
    assertThat(server.stats().getLong("protocolErrors")).isZero();
    Await.result(client.subscribe(List.of("c1", "c2")));
    assertThat(server.stats().getLong("subscriptions"))
        .isEqualTo(ChannelServerOptions.DEFAULT_MAX_CHANNELS);
  }
}
