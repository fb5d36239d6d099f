package dev.switchboard.channel.internal;

import dev.switchboard.core.internal.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a {@link ChannelNode} ({@code switchboard_channel_node_*}) and of its windows to
 * each peer ({@code switchboard_channel_peer_*{peer,path}}; docs/channel.md, "Metrics"): functions
 * over the node's counters, read only when the registry is scraped. A peer's meters go when the
 * peer is forgotten, and the node's when it leaves, so that the registry holds the peers of now
 * and never grows over restarts (a peer met again, with new windows, counts from zero again).
 *
 * <p>This is the one place the channel node's meters are registered: the metrics off switch
 * gates {@link #of(Vertx)}.
 *
 * <p>Threading: {@link #opened} and {@link #forgotten} on the node's context (where windows are
 * made and forgotten); the rest from any thread.
 */
final class ChannelNodeMeters {

  private static final String NODE = "switchboard.channel.node.";
  private static final String PEER = "switchboard.channel.peer.";

  private final MeterRegistry registry;
  private final List<Meter> nodeMeters = new CopyOnWriteArrayList<>();
  private final Map<String, List<Meter>> peerMeters = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ChannelNodeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param vertx the node's Vert.x
   * @return the meters of its channel node, none registered yet
   */
  static ChannelNodeMeters of(Vertx vertx) {
    return new ChannelNodeMeters(NodeMetrics.registry(vertx));
  }

  /** Registers the node's own meters, when it has joined (not once it has left). */
  void node(NodeStatus stats, PeerTable peers, LocalSubscribers local, NodeMembership membership,
      PeerFlow flow) {
    if (closed) {
      return;
    }
    gauge("peers", "Nodes this node counts as peers", peers, PeerTable::size);
    gauge("unsynced.peers", "Peers kept without an answer to their hello", peers,
        PeerTable::unsyncedCount);
    gauge("remote.channels", "Channels with a subscriber on another node", peers,
        PeerTable::remoteChannels);
    gauge("channels", "Channels with a local subscriber", local,
        LocalSubscribers::channelCount);
    gauge("subscriptions", "Local subscriptions", local, LocalSubscribers::subscriptionCount);
    counter("events.to.nodes", "Events sent to other nodes", stats,
        s -> s.eventsToNodes.sum());
    counter("events.from.nodes", "Events received from other nodes", stats,
        s -> s.eventsFromNodes.sum());
    counter("unwanted.events", "Events received for a channel without a local subscriber",
        stats, s -> s.unwantedEvents.sum());
    counter("peer.timeouts", "Interest changes a peer did not confirm in time", membership,
        NodeMembership::peerTimeouts);
    counter("peers.lost", "Peers forgotten because their addresses had no handler (left, "
        + "crashed or cut off)", membership, NodeMembership::peersLost);
    counter("peer.disconnects", "Peers disconnected by the peerOverflowPolicy DISCONNECT_PEER",
        flow, PeerFlow::disconnects);
    counter("ignored.acks", "Acknowledgements of a peer ignored as malformed", flow,
        PeerFlow::ignoredAcks);
    counter("dropped.messages", "Messages to peers refused by a full window", flow,
        PeerFlow::droppedMessages);
    counter("dropped.bytes", "Bytes of messages to peers refused by a full window", flow,
        PeerFlow::droppedBytes);
  }

  private <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
    nodeMeters.add(Gauge.builder(NODE + name, source, value).strongReference(true)
        .description(help).register(registry));
  }

  private <T> void counter(String name, String help, T source, ToDoubleFunction<T> value) {
    nodeMeters.add(FunctionCounter.builder(NODE + name, source, value).description(help)
        .register(registry));
  }

  /** Registers the meters of a window just opened, labelled with its peer and path. */
  void opened(PeerFlow.Path path, PeerWindow window) {
    if (closed) {
      return; // a hello that came while the node left: its meters would stay
    }
    Tags tags = Tags.of("peer", window.peer(), "path", path.key());
    List<Meter> meters = peerMeters.computeIfAbsent(window.peer(),
        p -> new CopyOnWriteArrayList<>());
    meters.add(Gauge.builder(PEER + "in.flight.bytes", window, PeerWindow::inFlight)
        .strongReference(true).tags(tags)
        .description("Bytes sent to the peer on the path and not yet acknowledged")
        .register(registry));
    meters.add(Gauge.builder(PEER + "peak.in.flight.bytes", window, PeerWindow::peakInFlight)
        .strongReference(true).tags(tags)
        .description("The most bytes in flight to the peer on the path since it was met")
        .register(registry));
    meters.add(FunctionCounter.builder(PEER + "sent.bytes", window, PeerWindow::sent).tags(tags)
        .description("Bytes sent to the peer on the path since it was met").register(registry));
    meters.add(FunctionCounter.builder(PEER + "acked.bytes", window, PeerWindow::acked)
        .tags(tags).description("Bytes the peer acknowledged on the path since it was met")
        .register(registry));
    meters.add(FunctionCounter.builder(PEER + "dropped.messages", window,
            PeerWindow::droppedMessages).tags(tags)
        .description("Messages to the peer on the path refused by its full window")
        .register(registry));
    meters.add(FunctionCounter.builder(PEER + "dropped.bytes", window,
            PeerWindow::droppedBytes).tags(tags)
        .description("Bytes of messages to the peer on the path refused by its full window")
        .register(registry));
  }

  /** Removes the meters of a peer forgotten. */
  void forgotten(String peer) {
    List<Meter> meters = peerMeters.remove(peer);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  /** Removes every meter of the node, when it leaves. */
  void close() {
    closed = true;
    nodeMeters.forEach(registry::remove);
    nodeMeters.clear();
    peerMeters.keySet().forEach(this::forgotten);
  }
}
