package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A legitimate client an attack test checks against: subscribed to {@code healthy}, it publishes
 * there and receives what it published, each round a new value.
 */
final class HealthyClient {

  private final ChannelClient client;
  private final Inbox inbox = new Inbox();
  private int round;

  /**
   * @return a connected client subscribed to {@code healthy}, closed by the harness
   */
  static HealthyClient of(ChannelHarness harness, Vertx vertx, ChannelClientOptions options)
      throws Exception {
    return new HealthyClient(harness.remote(vertx, options));
  }

  private HealthyClient(ChannelClient client) throws Exception {
    this.client = client;
    Await.result(client.on("healthy", inbox));
  }

  /** Publishes the next round and asserts it is the next event received. */
  void assertServed() throws Exception {
    round++;
    Await.result(client.publish("healthy", round));
    assertThat(inbox.next().data()).isEqualTo(round);
  }
}
