package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's channel state is bounded whatever the number of connections: the subscriptions it
 * holds ({@code maxSubscriptions}) and the length of the channel names it announces to every other
 * node ({@code maxInterestSize}). A client that subscribes past a bound gets
 * {@code TOO_MANY_CHANNELS}, nothing of that request is subscribed, and the others are served.
 */
class NodeBoundsIT extends ClusteredTestBase {

  private final ChannelHarness harness = new ChannelHarness();
  private HealthyClient healthy;

  @BeforeEach
  void start() throws Exception {
    startNodes(2);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private ChannelServer server(ChannelNodeOptions node) throws Exception {
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setNodeOptions(node));
    healthy = HealthyClient.of(harness, cluster.vertx(0), ChannelHarness.to(server));
    return server;
  }

  private void assertServed() throws Exception {
    healthy.assertServed();
  }

  private static JsonObject subscribe(RawClient client, int id, String... channels)
      throws Exception {
    client.send(new JsonObject().put("type", "subscribe").put("id", id)
        .put("channels", new JsonArray(java.util.List.of(channels))));
    return client.read();
  }

  private static JsonObject ack(int id) {
    return new JsonObject().put("type", "ack").put("id", id);
  }

  @Test
  void channelNamesPastTheNodesInterestBudgetAreRefused() throws Exception {
    ChannelServer server = server(new ChannelNodeOptions().setMaxInterestSize(1_000));
    String a = "a".repeat(99);
    try (RawClient hostile = new RawClient(server.actualPort())) {
      for (int i = 0; i < 3; i++) { // 7 + 3 x 3 x 100 = 907 characters
        assertThat(subscribe(hostile, i, a + i + "x", a + i + "y", a + i + "z")).isEqualTo(ack(i));
      }
      JsonObject refused = subscribe(hostile, 9, "new", a + "9x");
      assertThat(refused.getString("code")).isEqualTo("TOO_MANY_CHANNELS");
      assertThat(refused.getString("message")).contains("maxInterestSize");
      assertThat(subscribe(hostile, 10, "healthy")).as("a channel the node has already")
          .isEqualTo(ack(10));
      assertThat(server.stats().getLong("subscriptions")).isEqualTo(11);
      assertServed();
      // what a closed connection held is given back
      hostile.close();
    }
    try (RawClient next = new RawClient(server.actualPort())) {
      Await.condition(cluster.vertx(0), 10, () -> io.vertx.core.Future.succeededFuture(
          server.stats().getLong("subscriptions") == 1));
      assertThat(subscribe(next, 1, a + "9x", "new")).isEqualTo(ack(1));
    }
    assertServed();
  }

  @Test
  void subscriptionsPastTheNodesMaximumAreRefused() throws Exception {
    ChannelServer server = server(new ChannelNodeOptions().setMaxSubscriptions(5));
    try (RawClient hostile = new RawClient(server.actualPort());
        RawClient other = new RawClient(server.actualPort())) {
      assertThat(subscribe(hostile, 1, "c1", "c2", "c3")).isEqualTo(ack(1));
      JsonObject refused = subscribe(hostile, 2, "c4", "c5");
      assertThat(refused.getString("code")).isEqualTo("TOO_MANY_CHANNELS");
      assertThat(refused.getString("message")).contains("maxSubscriptions");
      assertThat(subscribe(other, 3, "c1")).isEqualTo(ack(3));
      assertThat(server.stats().getLong("subscriptions")).isEqualTo(5);
      assertThat(subscribe(other, 4, "c9").getString("code")).isEqualTo("TOO_MANY_CHANNELS");
      assertServed();
    }
  }
}
