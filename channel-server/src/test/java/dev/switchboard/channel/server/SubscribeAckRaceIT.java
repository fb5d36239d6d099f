package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscribe acknowledgement means "confirmed by every peer node": a publish sent from another
 * node right after the ack is delivered, every time, on a fresh channel each round (so that no earlier
 * subscription helps).
 */
class SubscribeAckRaceIT extends ClusteredTestBase {

  private static final int ROUNDS = 200;

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void publishFromAnotherServerRightAfterTheAckIsDelivered() throws Exception {
    startNodes(3);
    ChannelServer serverA = harness.server(cluster.vertx(0));
    ChannelServer serverB = harness.server(cluster.vertx(1));
    harness.local(cluster.vertx(2));
    ChannelClient subscriber = harness.remote(cluster.vertx(0), serverA);
    ChannelClient publisher = harness.remote(cluster.vertx(1), serverB);
    race(subscriber, publisher, "remote");
  }

  @Test
  void publishFromAnotherNodeRightAfterALocalAckIsDelivered() throws Exception {
    startNodes(2);
    ChannelClient subscriber = harness.local(cluster.vertx(0));
    ChannelClient publisher = harness.local(cluster.vertx(1));
    race(subscriber, publisher, "local");
  }

  private static void race(ChannelClient subscriber, ChannelClient publisher, String prefix)
      throws Exception {
    Inbox inbox = new Inbox();
    for (int round = 0; round < ROUNDS; round++) {
      String channel = prefix + "-race-" + round;
      int expected = round;
      Await.result(subscriber.on(channel, inbox)
          .compose(v -> publisher.publish(channel, expected)));
      assertThat(inbox.next().data()).as("round %d", round).isEqualTo(expected);
    }
    assertThat(inbox.size()).isZero();
  }
}
