package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel node's meters ({@code switchboard_channel_node_*}) and its windows' meters
 * ({@code switchboard_channel_peer_*{peer,path}}) on two clustered nodes: they follow the events
 * sent between the nodes, and a peer's meters go when the peer is forgotten.
 */
class ChannelNodeMetricsIT extends ClusteredTestBase {

  private static final String CHANNEL = "metered";

  private static ScrapedMetrics scrape(Vertx vertx) {
    return ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
  }

  private static void await(Vertx vertx, Predicate<ScrapedMetrics> holds) {
    Await.condition(vertx, 20, () -> Future.succeededFuture(holds.test(scrape(vertx))));
  }

  /** Counts the events it gets. */
  private static final class Recorder implements Subscriber {
    final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();

    @Override
    public void deliver(Delivery delivery) {
      events.add(delivery.data());
    }
  }

  @Test
  void peerMetersFollowTheEventsAndGoWhenThePeerIsForgotten() throws Exception {
    startNodes(2);
    Vertx nodeA = cluster.vertx(0);
    ChannelNode a = Await.result(ChannelNode.acquire(nodeA));
    ChannelNode b = Await.result(ChannelNode.acquire(cluster.vertx(1)));
    Recorder recorder = new Recorder();
    Await.result(b.subscribe(recorder, List.of(CHANNEL)));
    assertThat(a.nodesFor(CHANNEL)).containsExactly(b.id());
    String[] events = {"peer", b.id(), "path", "events"};

    int published = 25;
    for (int i = 0; i < published; i++) {
      a.publish(List.of(CHANNEL), Frames.encodeData("event " + i));
    }
    Await.condition(nodeA, 20, () -> Future.succeededFuture(recorder.events.size() == published));
    await(nodeA, s -> s.value("switchboard_channel_peer_in_flight_bytes", events) == 0
        && s.value("switchboard_channel_peer_acked_bytes_total", events) > 0);
    ScrapedMetrics atA = scrape(nodeA);
    JsonObject window = a.status().getJsonObject("federation").getJsonObject("peers")
        .getJsonObject(b.id()).getJsonObject("events");
    assertThat(atA.value("switchboard_channel_peer_sent_bytes_total", events))
        .isEqualTo(window.getLong("sent").doubleValue())
        .isEqualTo(atA.value("switchboard_channel_peer_acked_bytes_total", events));
    assertThat(atA.value("switchboard_channel_peer_peak_in_flight_bytes", events)).isPositive();
    assertThat(atA.value("switchboard_channel_peer_dropped_messages_total", events)).isZero();
    assertThat(atA.value("switchboard_channel_node_events_to_nodes_total")).isEqualTo(published);
    assertThat(atA.value("switchboard_channel_node_peers")).isEqualTo(1);
    assertThat(atA.matching("switchboard_channel_peer_sent_bytes_total", "peer", b.id()))
        .as("one series per path").extracting(s -> s.labels().get("path"))
        .containsExactlyInAnyOrder("events", "routing", "business");
    await(cluster.vertx(1),
        s -> s.value("switchboard_channel_node_events_from_nodes_total") == published);
    assertThat(scrape(cluster.vertx(1)).value("switchboard_channel_node_subscriptions"))
        .isEqualTo(1);

    // B leaves: A forgets it, and with it every meter labelled with it
    Await.result(b.release());
    await(nodeA, s -> s.matching("switchboard_channel_peer_sent_bytes_total", "peer", b.id())
        .isEmpty() && s.value("switchboard_channel_node_peers") == 0);
    assertThat(scrape(nodeA).samples()).noneMatch(s -> b.id().equals(s.labels().get("peer")));
    // and B's node, gone, has no meters left
    assertThat(scrape(cluster.vertx(1)).has("switchboard_channel_node_peers")).isFalse();
    Await.result(a.release());
  }

  @Test
  void eventsRefusedByAFullWindowAreCountedPerPeerAndInAll() throws Exception {
    startNodes(2);
    ChannelNodeOptions options = new ChannelNodeOptions().setMaxPeerBufferSize(16 * 1024);
    Vertx nodeA = cluster.vertx(0);
    ChannelNode a = Await.result(ChannelNode.acquire(nodeA, options));
    ChannelNode b = Await.result(ChannelNode.acquire(cluster.vertx(1), options));
    Await.result(b.subscribe(new Recorder(), List.of(CHANNEL)));
    b.flow().dropAcks(true);
    String pad = "x".repeat(1_000);
    int sent = 0;
    while (scrape(nodeA).value("switchboard_channel_node_dropped_messages_total") < 5) {
      a.publish(List.of(CHANNEL), Frames.encodeData(pad + sent++));
      assertThat(sent).as("the window shuts without acknowledgements").isLessThan(1_000);
    }
    ScrapedMetrics atA = scrape(nodeA);
    JsonObject federation = a.status().getJsonObject("federation");
    assertThat(atA.value("switchboard_channel_peer_dropped_messages_total", "peer", b.id(),
        "path", "events")).isEqualTo(federation.getLong("droppedMessages").doubleValue());
    assertThat(atA.value("switchboard_channel_node_dropped_bytes_total"))
        .isEqualTo(federation.getLong("droppedBytes").doubleValue()).isGreaterThan(5_000);
    assertThat(atA.value("switchboard_channel_peer_in_flight_bytes", "peer", b.id(),
        "path", "events")).isGreaterThanOrEqualTo(16 * 1024);
    assertThat(labelNames(atA)).isSubsetOf(Set.of("peer", "path"));
    Await.result(Future.all(a.release(), b.release()));
  }

  private static Set<String> labelNames(ScrapedMetrics scrape) {
    return scrape.labelNames("switchboard_channel_");
  }
}
