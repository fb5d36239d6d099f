package dev.switchboard.channel.internal;

import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer meters of a channel node: bounded labels, and gone with their peer. */
class ChannelNodeMetersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private ScrapedMetrics scrape() {
    return ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
  }

  @Test
  void peerMetersHaveOnlyBoundedLabelsAndGoWithTheirPeer() {
    ChannelNodeMeters meters = ChannelNodeMeters.of(vertx);
    int peers = 20;
    for (int i = 0; i < peers; i++) {
      for (PeerFlow.Path path : PeerFlow.Path.values()) {
        meters.opened(path, new PeerWindow("peer" + i, i, 1_024));
      }
    }
    ScrapedMetrics scrape = scrape();
    assertThat(scrape.labelNames("switchboard_channel_")).isSubsetOf(ScrapedMetrics.BOUNDED_LABELS)
        .containsExactlyInAnyOrder("peer", "path");
    assertThat(scrape.matching("switchboard_channel_peer_sent_bytes_total"))
        .hasSize(peers * PeerFlow.Path.values().length);

    for (int i = 0; i < peers; i += 2) {
      meters.forgotten("peer" + i);
    }
    assertThat(scrape().matching("switchboard_channel_peer_sent_bytes_total"))
        .hasSize(peers / 2 * PeerFlow.Path.values().length)
        .allMatch(s -> Integer.parseInt(s.labels().get("peer").substring(4)) % 2 == 1);
    meters.close();
    assertThat(scrape().samples()).noneMatch(s -> s.name().startsWith("switchboard_channel_"));
    meters.opened(PeerFlow.Path.EVENTS, new PeerWindow("late", 99, 1_024));
    assertThat(scrape().samples()).as("a window opened once the node left")
        .noneMatch(s -> s.name().startsWith("switchboard_channel_"));
  }
}
