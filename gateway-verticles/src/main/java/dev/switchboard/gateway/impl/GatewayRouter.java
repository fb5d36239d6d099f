package dev.switchboard.gateway.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The routing side of one gateway node, wiring its parts: the event-bus address
 * ({@link RoutingProtocol#address(String)}) where {@link ClusterGateway}s anywhere in the cluster
 * reach the node's {@link NodeRequests}; the node's channels, on which publishes (from a
 * {@code ChannelClient}, e.g. a business service outside the cluster) are sends and remote calls
 * go to its {@link RemoteCallServer}; and the {@link Membership} of its connections, whose
 * {@link ChannelInterest} tells the cluster which nodes to ask. A node subscribes to
 * {@link RoutingProtocol#ALL} and its own node channel while it runs gateway verticles.
 *
 * <p>Threading: requests arrive on the context that started the router; membership and the
 * node's interest are kept by {@link Membership} (any thread); connections are written on their
 * own contexts.
 */
final class GatewayRouter implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  private final ChannelNode channels;
  private final Membership membership;
  private final NodeRequests requests;
  private final RemoteCallServer remoteCalls;
  private final LongAdder busRequests = new LongAdder();
  private MessageConsumer<JsonObject> consumer;
  private final Vertx vertx;
  /** Lines about bad requests of callers, one per interval at most. */
  private final RateLimitedLog clientLog = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);

  private GatewayRouter(Vertx vertx, GatewayNode node, ChannelNode channels) {
    this.channels = channels;
    this.vertx = vertx;
    this.membership = new Membership(new ChannelInterest(channels, this));
    this.requests = new NodeRequests(node, membership, clientLog, channels.id());
    this.remoteCalls = new RemoteCallServer(vertx, channels, requests, clientLog);
  }

  /**
   * @param vertx the node's Vert.x
   * @param node  the node's gateway verticles
   * @return the router, once it takes requests and the cluster knows the node runs a gateway
   */
  static Future<GatewayRouter> start(Vertx vertx, GatewayNode node) {
    return ChannelNode.acquire(vertx).compose(channels -> {
      GatewayRouter router = new GatewayRouter(vertx, node, channels);
      router.consumer = vertx.eventBus().consumer(RoutingProtocol.address(channels.id()),
          router::onRequest);
      return router.consumer.completion()
          .compose(v -> channels.subscribe(router, List.of(RoutingProtocol.ALL,
              RoutingProtocol.nodeChannel(channels.id()))))
          .map(router)
          .onFailure(e -> router.stop()); // nothing of a failed start stays registered
    });
  }

  /**
   * Subscribes the node to one more channel of its own (a GatewayWorker inner listener's
   * address): publishes there are taken as on the node's channel.
   *
   * @return completed once every node knows
   */
  Future<Void> announce(String channel) {
    return channels.subscribe(this, List.of(channel));
  }

  /** Unsubscribes the node from a channel of {@link #announce}. */
  void withdraw(String channel) {
    channels.unsubscribe(this, List.of(channel));
  }

  /**
   * Answers a request about this node's connections, as over the event bus.
   *
   * @param request a routing request
   * @return its result as JSON; failed with a {@code ReplyException} when refused
   */
  Future<Object> answer(JsonObject request) {
    return requests.answer(request);
  }

  /** @return the windows of the node's peers */
  PeerFlow flow() {
    return channels.flow();
  }

  /**
   * @return the node's id: the prefix of its client ids
   */
  String nodeId() {
    return channels.id();
  }

  /**
   * Leaves the routing.
   *
   * @return completed when done
   */
  Future<Void> stop() {
    membership.stop();
    channels.unsubscribe(this, List.of(RoutingProtocol.ALL,
        RoutingProtocol.nodeChannel(channels.id())));
    return consumer.unregister().eventually(channels::release);
  }

  /**
   * A new connection of this node was accepted by the connect hook: the decision's session, uid
   * and groups are set here at once (before onConnect); other nodes learn of the uid and groups
   * as after a bind or join.
   */
  void admitted(ConnectionBase connection, ConnectDecision decision) {
    if (decision.session() != null) {
      membership.session(connection, decision.session(), true);
    }
    List<Future<Boolean>> joined = new ArrayList<>();
    if (decision.uid() != null) {
      joined.add(membership.bind(connection, decision.uid()));
    }
    for (String group : decision.groups()) {
      joined.add(membership.join(connection, group));
    }
    Future.join(joined).onFailure(e -> LOG.warn("Gateway node {}: the connect decision of {}"
        + " did not reach every node: {}", nodeId(), connection, e.toString()));
  }

  /** @return a connection's session (a copy), or null when it has none here (closed) */
  JsonObject session(ConnectionBase connection) {
    return connection.isOpen() ? membership.session(connection) : null;
  }

  /**
   * Replaces a connection's session with what a business handler left; one over
   * {@code maxSessionSize} is refused and logged, the session stays as it was.
   */
  void session(ConnectionBase connection, JsonObject session) {
    try {
      membership.session(connection, session, true);
    } catch (IllegalArgumentException e) {
      LOG.warn("Gateway node {}: the session a business left for {} is refused: {}", nodeId(),
          connection, e.getMessage());
    }
  }

  /** A connection of this node closed: it leaves its groups and uid. */
  void closed(ConnectionBase connection) {
    membership.closed(connection);
  }

  /** A request over the event bus. */
  private void onRequest(Message<JsonObject> request) {
    busRequests.increment();
    requests.answer(request.body()).onComplete(ar -> {
      // the answer acknowledges the request at once (a failure has no headers: the ack follows)
      DeliveryOptions acked = channels.flow().received(PeerFlow.Path.ROUTING, request.headers());
      if (ar.succeeded()) {
        request.reply(new JsonObject().put(RoutingProtocol.RESULT, ar.result()),
            acked == null ? new DeliveryOptions() : acked);
      } else {
        request.fail(400, ar.cause().getMessage());
      }
    });
  }

  // ---- publishes on the routing channels ------------------------------------------------------

  /**
   * A publish on a routing channel, e.g. from a business service's {@code ChannelClient}: its data
   * is a routing request without a reply ({@code {"text": "..."}} for a group, uid or everyone;
   * {@code {"op": "sendToClient", "client": "...", "text": "..."}} on the node's channel), or a
   * remote call (it has a {@code replyTo}).
   */
  @Override
  public void deliver(Delivery delivery) {
    if (!(delivery.data() instanceof JsonObject data)) {
      clientLog.info("Gateway node {}: publish on {} ignored: data is not a JSON object",
          nodeId(), delivery.channel());
      return;
    }
    String channel = delivery.channel();
    if (data.containsKey(RoutingProtocol.REPLY_TO)) {
      remoteCalls.call(channel, data);
      return;
    }
    JsonObject request = data.copy();
    if (!channel.equals(RoutingProtocol.ALL)) { // a group's or uid's channel names its targets
      request.remove(RoutingProtocol.GROUPS);
      request.remove(RoutingProtocol.UIDS);
    }
    if (channel.startsWith(RoutingProtocol.GROUP_PREFIX)) {
      request.put(RoutingProtocol.OP, RoutingOp.SEND_GROUP.wireName())
          .put(RoutingProtocol.GROUP, channel.substring(RoutingProtocol.GROUP_PREFIX.length()));
    } else if (channel.startsWith(RoutingProtocol.UID_PREFIX)) {
      request.put(RoutingProtocol.OP, RoutingOp.SEND_UID.wireName())
          .put(RoutingProtocol.UID, channel.substring(RoutingProtocol.UID_PREFIX.length()));
    } else if (channel.equals(RoutingProtocol.ALL)) {
      request.put(RoutingProtocol.OP, RoutingOp.SEND_ALL.wireName());
    }
    try {
      requests.handle(request).onFailure(e -> clientLog.info(
          "Gateway node {}: publish on {} failed: {}", nodeId(), channel, e.getMessage()));
    } catch (RuntimeException e) {
      clientLog.info("Gateway node {}: publish on {} ignored: {}", nodeId(), channel,
          e.getMessage());
    }
  }

  /**
   * @return the status of every gateway node of the cluster, and their counters summed
   */
  Future<JsonObject> clusterStatus() {
    return ClusterGateway.on(vertx, channels, Gateway.DEFAULT_TIMEOUT, requests::answer)
        .nodeStatuses();
  }

  /**
   * @param limit the most rows per node
   * @return every gateway node's connection rows ({@link StatusViews#merge})
   */
  Future<JsonObject> clusterConnections(int limit) {
    return ClusterGateway.on(vertx, channels, Gateway.DEFAULT_TIMEOUT, requests::answer)
        .nodeConnections(limit);
  }

  /**
   * @return the group and uid counts of this node, for its status; {@code requests} counts the
   *     requests that came over the event bus, {@code remoteCalls} the calls of remote callers,
   *     {@code federation} the windows of the node's peers (see {@code ChannelNode#flow()})
   */
  JsonObject status() {
    return membership.counts().put("node", nodeId()).put("requests", busRequests.sum())
        .put("remoteCalls", remoteCalls.calls()).put("federation", channels.flow().toJson());
  }
}
