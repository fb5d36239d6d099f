package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.core.internal.Deployments;
import dev.switchboard.core.internal.Contexts;
import dev.switchboard.core.internal.NodeScoped;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The channel space of one Vert.x node: its local subscribers, and what it knows of the other
 * nodes' subscribers. One per Vert.x instance, shared by its channel servers and local clients
 * ({@link #acquire(Vertx)} / {@link #release()}).
 *
 * <p>Federation: each node has two event-bus addresses ({@link ChannelAddresses#control(String)},
 * {@link ChannelAddresses#events(String)}) and an entry in the cluster-wide map
 * {@link ChannelAddresses#NODES_MAP}. A starting node first writes its entry, then reads the map
 * and says hello to every node in it: of any two nodes, the later to write sees the other, so
 * every pair meets. Membership then converges by itself ({@link NodeMembership}): every sync
 * interval each node writes its entry again, pings its peers and says hello to the registered
 * nodes it has not met, so a node forgotten during a split or a pause is met again. When a
 * channel gets its first local subscriber, the node tells every peer and waits for their answers
 * before the subscription is confirmed: a publish made after the confirmation on any node that
 * counts this one as a peer finds it. A publish is sent once to each node with a subscriber of
 * the channel, and nowhere else, through that node's window ({@link PeerFlow}: at most
 * {@code maxPeerBufferSize} unacknowledged bytes). A node that receives an event it no longer
 * wants tells the sender, which repairs any stale interest; interest messages from a node that is
 * not a peer (one that left) are ignored.
 *
 * <p>Threading: {@link #publish(Collection, String)}, {@link #subscribe(Subscriber, Collection)}
 * and {@link #unsubscribe(Subscriber, Collection)} may be called from any thread. Local
 * subscriptions change at once under a lock (so a subscriber gets events published on this node
 * as soon as {@code subscribe} returns); what the node knows of its peers changes only on the
 * node's own context, which also sends the announcements, in the order of the local changes.
 * Events published from one thread reach each subscriber in publish order.
 */
public final class ChannelNode {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelNode.class);

  /** Time a peer may take to answer a control message, in milliseconds. */
  static final long PEER_TIMEOUT = 5_000;

  /**
   * The one node of each Vert.x instance: the first acquire deploys it (detached from any user's
   * verticle), the last release undeploys it. When Vert.x closes it undeploys the node itself,
   * so the registry only forgets it then (a user's release must not undeploy it too).
   */
  private static final NodeScoped<ChannelNode> NODES = new NodeScoped<>(
      vertx -> start(vertx, new ChannelNodeOptions()), ChannelNode::undeploy,
      NodeScoped.OnVertxClose.FORGET);

  private final Vertx vertx;
  private final ChannelNodeOptions options;
  private final String id = newId();
  private final LocalSubscribers local = new LocalSubscribers();
  private final PeerTable peers = new PeerTable();
  private final NodeStatus stats = new NodeStatus();
  private final DeliveryOptions controlOptions = new DeliveryOptions().setSendTimeout(PEER_TIMEOUT);
  private EventBus eventBus;
  private Context context;
  private final NodeMembership membership;
  private final NodeControl nodeControl;
  private final PeerFlow flow;
  private final PeerEvents peerEvents;
  /** Whose turn it is in a publishLoop: which node, which of this node's subscribers. */
  private final LoopCursors nodeTurns = new LoopCursors();
  private final LoopCursors subscriberTurns = new LoopCursors();
  private final EventRoutes routes;
  private final ChannelNodeMeters meters;
  private volatile String deploymentId;

  ChannelNode(Vertx vertx, ChannelNodeOptions options) {
    this.vertx = vertx;
    this.options = new ChannelNodeOptions(options);
    this.meters = ChannelNodeMeters.of(vertx);
    this.flow = new PeerFlow(vertx, id, this.options, this::disconnect, meters);
    this.membership = new NodeMembership(vertx, id, peers, flow, local::channels,
        controlOptions, this.options);
    this.nodeControl = new NodeControl(id, peers, membership, flow);
    this.peerEvents = new PeerEvents(id, vertx.eventBus(), flow, local, stats,
        subscriberTurns);
    this.routes = new EventRoutes(local, peers, peerEvents, nodeTurns, subscriberTurns);
  }

  /**
   * @return a node id: 16 hex digits from a random UUID, never reused after a restart (other
   *     nodes may still hold the ids of a node that died)
   */
  private static String newId() {
    UUID random = UUID.randomUUID();
    return String.format("%016x", random.getMostSignificantBits() ^ random.getLeastSignificantBits());
  }

  private void disconnect(String peer) {
    membership.disconnect(peer);
  }

  /**
   * @return the windows of this node's peers, for the other paths between nodes (routing,
   *     business events)
   */
  public PeerFlow flow() {
    return flow;
  }

  /**
   * @return this node's id in the channel space, unique across the cluster and restarts
   */
  public String id() {
    return id;
  }

  /**
   * @param channel a channel
   * @return the ids of the nodes with a subscriber of the channel, this node first when it has
   *     one (what this node knows now; from any thread)
   */
  public List<String> nodesFor(String channel) {
    String[] addresses = peers.eventAddressesFor(channel);
    List<String> nodes = new ArrayList<>(addresses.length + 1);
    if (local.of(channel) != null) {
      nodes.add(id);
    }
    for (String address : addresses) {
      nodes.add(ChannelAddresses.nodeOfEvents(address));
    }
    return nodes;
  }

  /**
   * Joins the channel space of this Vert.x instance, starting the node on first use with the
   * default {@link ChannelNodeOptions}.
   *
   * @param vertx the node
   * @return a future completed with the node once it has met every other node
   */
  public static Future<ChannelNode> acquire(Vertx vertx) {
    return acquire(vertx, new ChannelNodeOptions());
  }

  /**
   * Joins the channel space of this Vert.x instance, starting the node on first use.
   *
   * @param vertx   the node
   * @param options the node's options when this call starts it; ignored (logged at DEBUG when
   *                they differ) when the node runs already
   * @return a future completed with the node once it has met every other node
   */
  public static Future<ChannelNode> acquire(Vertx vertx, ChannelNodeOptions options) {
    return NODES.acquire(vertx, v -> start(v, options)).onSuccess(node -> {
      if (!node.options.toJson().equals(options.toJson())) {
        LOG.debug("Channel node {} runs already with {}; options {} ignored", node.id,
            node.options.toJson(), options.toJson());
      }
    });
  }

  /**
   * Gives the node back; the last user's release makes the node leave the channel space.
   *
   * @return a future completed when released (and, for the last user, left)
   */
  public Future<Void> release() {
    return NODES.release(vertx);
  }

  private static Future<ChannelNode> start(Vertx vertx, ChannelNodeOptions options) {
    ChannelNode node = new ChannelNode(vertx, options);
    return Deployments.detached(vertx, node.new NodeVerticle()).map(id -> {
      node.deploymentId = id;
      return node;
    });
  }

  private Future<Void> undeploy() {
    return vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture());
  }

  /** The node's own context: joins on deploy, leaves on undeploy (also when Vert.x closes). */
  private final class NodeVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
      return join();
    }

    @Override
    public Future<?> stop() {
      NODES.forget(vertx, ChannelNode.this); // Vert.x undeploys it: a release must not
      return leave();
    }
  }

  private Future<Void> join() {
    context = vertx.getOrCreateContext();
    flow.bind(context);
    eventBus = vertx.eventBus();
    MessageConsumer<JsonObject> control =
        eventBus.consumer(ChannelAddresses.control(id), nodeControl::onControl);
    MessageConsumer<Buffer> events = eventBus.consumer(ChannelAddresses.events(id), peerEvents::onEvent);
    MessageConsumer<Object> status =
        eventBus.localConsumer(ChannelAddresses.STATUS, msg -> msg.reply(status()));
    MessageConsumer<Object> peerStatus =
        eventBus.consumer(ChannelAddresses.status(id), msg -> msg.reply(status()));
    return Future.all(List.of(control.completion(), events.completion(), status.completion(),
        peerStatus.completion()))
        .compose(v -> membership.join())
        .onSuccess(v -> meters.node(stats, peers, local, membership, flow))
        .onFailure(e -> meters.close())
        .onSuccess(v -> LOG.info("Channel node {} joined, peers={}", id, peers.size()));
  }

  private Future<Void> leave() {
    LOG.info("Channel node {} left, peers={}", id, peers.size());
    return membership.leave().onComplete(v -> meters.close());
  }

  /**
   * Routes one event per channel to the local subscribers and once to each other node with a
   * subscriber of the channel.
   *
   * @param channels the channels
   * @param dataJson the data, encoded once by {@link Frames#encodeData(Object)}
   * @return a future completed once every peer window the events went through is back under its
   *     hold mark ({@link PeerHold}: within {@value PeerHold#MAX_HOLD_MS} ms at most), already
   *     completed in the common case: a channel server acknowledges the publish then, so that a
   *     publisher keeps to the pace of the slowest peer it publishes to. The events are routed
   *     when this method returns, whatever the future; completed on any thread
   */
  public Future<Void> publish(Collection<String> channels, String dataJson) {
    return routes.publish(channels, Buffer.buffer(dataJson.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * As {@link #publish(Collection, String)}, the data being JSON text already checked (a
   * publish's data as it arrived from a client): its bytes go into each channel's event frame as
   * they are, the frame built once per channel and shared by every subscriber.
   *
   * @param channels the channels
   * @param dataJson the data's JSON text; copied into the frames, not kept
   * @return as {@link #publish(Collection, String)}
   */
  public Future<Void> publish(Collection<String> channels, Buffer dataJson) {
    return routes.publish(channels, dataJson);
  }

  /**
   * Routes one event per channel to one subscriber of the channel, in turn ({@code
   * publishLoop}; see {@link EventRoutes#publishLoop(Collection, Buffer)}).
   *
   * @param channels the channels
   * @param dataJson the data, encoded once by {@link Frames#encodeData(Object)}
   * @return as {@link #publish(Collection, String)}
   */
  public Future<Void> publishLoop(Collection<String> channels, String dataJson) {
    return routes.publishLoop(channels, Buffer.buffer(dataJson.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * As {@link #publishLoop(Collection, String)}, the data being JSON text already checked (see
   * {@link #publish(Collection, Buffer)}).
   *
   * @param channels the channels
   * @param dataJson the data's JSON text; copied into the frames, not kept
   * @return as {@link #publish(Collection, String)}
   */
  public Future<Void> publishLoop(Collection<String> channels, Buffer dataJson) {
    return routes.publishLoop(channels, dataJson);
  }

  /** Hands an event to every local subscriber of its channel ({@link ContextGroups}). */
  static void deliver(LocalSubscribers.Entry entry, Delivery delivery) {
    ContextGroups.deliver(entry.subscribers(), delivery);
  }

  /**
   * Subscribes to channels.
   *
   * @param subscriber the subscriber
   * @param channels   the channels
   * @return a future completed, on the node's context, once every node this one counts as a peer
   *     knows of a subscriber of each channel on this node (or did not answer within the peer
   *     timeout); nodes not met at that moment learn it from the membership sync. Events
   *     published on this node reach the subscriber as soon as this method returns
   */
  public Future<Void> subscribe(Subscriber subscriber, Collection<String> channels) {
    List<Future<Void>> waits = new ArrayList<>();
    synchronized (local) {
      ChannelException refused = local.overBudget(subscriber, channels, options);
      if (refused != null) {
        return Future.failedFuture(refused);
      }
      List<String> fresh = new ArrayList<>();
      Promise<Void> live = Promise.promise();
      for (String channel : channels) {
        LocalSubscribers.Entry entry = local.of(channel);
        if (entry == null) {
          local.put(channel, new LocalSubscribers.Entry(new Subscriber[] {subscriber}, live.future()));
          fresh.add(channel);
        } else {
          if (!entry.contains(subscriber)) {
            local.put(channel, entry.with(subscriber));
          }
          waits.add(entry.live());
        }
      }
      if (!fresh.isEmpty()) {
        JsonObject change = new JsonObject().put("add", new JsonArray(fresh));
        context.runOnContext(v -> membership.announce(change).onComplete(ar -> live.complete()));
        waits.add(live.future());
      }
    }
    return Future.all(waits).mapEmpty();
  }

  /**
   * Unsubscribes from channels; a channel without local subscribers left is withdrawn from the
   * other nodes. Effective at once on this node.
   *
   * @param subscriber the subscriber
   * @param channels   the channels
   */
  public void unsubscribe(Subscriber subscriber, Collection<String> channels) {
    synchronized (local) {
      List<String> gone = new ArrayList<>();
      for (String channel : channels) {
        LocalSubscribers.Entry entry = local.of(channel);
        if (entry != null && entry.contains(subscriber)) {
          LocalSubscribers.Entry rest = entry.without(subscriber);
          local.put(channel, rest);
          if (rest == null) {
            gone.add(channel);
          }
        }
      }
      if (!gone.isEmpty()) {
        JsonObject change = new JsonObject().put("remove", new JsonArray(gone));
        context.runOnContext(v -> membership.announce(change));
      }
    }
  }

  /**
   * Adds a named source of counters to this node's status.
   *
   * @param name   the key of the source's counters in the status
   * @param source supplies the counters, from any thread
   */
  public void statusSource(String name, Supplier<JsonObject> source) {
    stats.source(name, source);
  }

  /**
   * @param name a source added with {@link #statusSource(String, Supplier)}
   */
  public void removeStatusSource(String name) {
    stats.removeSource(name);
  }

  /**
   * @return the counters of this node's channel space and of its status sources
   */
  public JsonObject status() {
    return stats.toJson(id, peers, membership, local).put("federation", flow.toJson());
  }

  /**
   * @return the status of every node of the channel space this node knows (itself included), each
   *     answering within 3 s or named under {@code notAnswering}: {@code {"nodes": {<id>:
   *     <status>}, "notAnswering": [<id>]}}
   */
  public Future<JsonObject> clusterStatus() {
    return Contexts.call(context, peers::peers)
        .compose(known -> ClusterStatus.gather(eventBus, id, status(), known));
  }
}
