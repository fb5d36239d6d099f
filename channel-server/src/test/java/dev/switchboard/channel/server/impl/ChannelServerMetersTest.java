package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel server's meters: one set per node, no label, and no channel in them. */
class ChannelServerMetersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void theServersOfANodeShareUnlabelledMetersThatNoChannelGrows() {
    ChannelServerImpl first = new ChannelServerImpl(vertx, new ChannelServerOptions());
    ChannelServerImpl second = new ChannelServerImpl(vertx, new ChannelServerOptions());
    assertThat(first.meters()).isSameAs(second.meters());
    first.meters().add(first);
    second.meters().add(second);
    ScrapedMetrics before = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
    for (int i = 0; i < 100; i++) {
      first.counters().channelAdded("channel-" + i);
    }
    second.counters().publishesIn.add(3);
    first.counters().publishesIn.add(2);
    ScrapedMetrics after = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
    assertThat(after.labelNames("switchboard_channel_")).isEmpty();
    assertThat(after.samples()).hasSameSizeAs(before.samples());
    assertThat(after.value("switchboard_channel_channels")).isEqualTo(100);
    assertThat(after.value("switchboard_channel_subscriptions")).isEqualTo(100);
    assertThat(after.value("switchboard_channel_publishes_in_total")).isEqualTo(5);

    first.meters().remove(first);
    first.meters().remove(first); // a second close counts nothing twice
    ScrapedMetrics closed = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
    assertThat(closed.value("switchboard_channel_publishes_in_total")).isEqualTo(5);
    assertThat(closed.value("switchboard_channel_channels")).isZero();
  }
}
