package dev.switchboard.channel.internal;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The counters of a {@link ChannelNode} and the named sources of counters its users add (the
 * channel servers of the node), put together as the node's status.
 *
 * <p>Threading: any thread.
 */
final class NodeStatus {

  /** Events sent to other nodes. */
  final LongAdder eventsToNodes = new LongAdder();
  /** Events received from other nodes. */
  final LongAdder eventsFromNodes = new LongAdder();
  /** Events received for a channel without a local subscriber (the sender was told). */
  final LongAdder unwantedEvents = new LongAdder();
  private final Map<String, Supplier<JsonObject>> sources = new ConcurrentHashMap<>();

  void source(String name, Supplier<JsonObject> source) {
    sources.put(name, source);
  }

  void removeSource(String name) {
    sources.remove(name);
  }

  /**
   * @return the node's status: its id, what it knows of its peers and local subscribers, its
   *     counters, and each source's counters under {@code servers}
   */
  JsonObject toJson(String node, PeerTable peers, NodeMembership membership,
      LocalSubscribers local) {
    JsonObject servers = new JsonObject();
    sources.forEach((name, source) -> servers.put(name, source.get()));
    return new JsonObject()
        .put("node", node)
        .put("peers", peers.size())
        .put("unsyncedPeers", peers.unsyncedCount())
        .put("peersLost", membership.peersLost())
        .put("channels", local.channelCount())
        .put("subscriptions", local.subscriptionCount())
        .put("remoteChannels", peers.remoteChannels())
        .put("eventsToNodes", eventsToNodes.sum())
        .put("eventsFromNodes", eventsFromNodes.sum())
        .put("unwantedEvents", unwantedEvents.sum())
        .put("peerTimeouts", membership.peerTimeouts())
        .put("servers", servers);
  }
}
