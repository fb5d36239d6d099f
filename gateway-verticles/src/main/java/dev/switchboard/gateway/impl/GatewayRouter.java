package dev.switchboard.gateway.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The routing side of one gateway node: the group and uid membership and the sessions of the
 * node's own connections, and the event-bus address ({@link RoutingProtocol#address(String)})
 * where {@link ClusterGateway}s anywhere in the cluster reach them. Interest in a group or uid is
 * announced through the node's channel space ({@link ChannelNode}): a node subscribes to a group's
 * or uid's channel while it holds a member, so the cluster knows which nodes to ask, and to
 * {@link RoutingProtocol#ALL} while it runs gateway verticles. A publish on one of those channels
 * (from a {@code ChannelClient}, e.g. a business service outside the cluster) is a send too.
 *
 * <p>Threading: requests arrive on the context that started the router; membership and the
 * node's interest in group and uid channels are kept by {@link Membership} (any thread);
 * connections are written on their own contexts.
 */
final class GatewayRouter implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  /** The least time a remote call may give each node to answer, ms. */
  private static final long MIN_REMOTE_WITHIN = 100;

  private final GatewayNode node;
  private final ChannelNode channels;
  private final Membership membership;
  private final LongAdder requests = new LongAdder();
  private MessageConsumer<JsonObject> consumer;
  private final Vertx vertx;
  private final LongAdder remoteCalls = new LongAdder();
  /** Lines about bad requests of callers, one per interval at most. */
  private final RateLimitedLog clientLog = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);

  private GatewayRouter(Vertx vertx, GatewayNode node, ChannelNode channels) {
    this.node = node;
    this.channels = channels;
    this.vertx = vertx;
    this.membership = new Membership(channels, this);
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

  /** A connection of this node closed: it leaves its groups and uid. */
  void closed(ConnectionBase connection) {
    membership.closed(connection);
  }

  // ---- requests ------------------------------------------------------------------------------

  private void onRequest(Message<JsonObject> request) {
    requests.increment();
    JsonObject body = request.body();
    String op = body.getString(RoutingProtocol.OP, "");
    try {
      handle(op, body).onComplete(ar -> {
        if (ar.succeeded()) {
          request.reply(new JsonObject().put(RoutingProtocol.RESULT, ar.result()));
        } else {
          request.fail(400, String.valueOf(ar.cause().getMessage()));
        }
      });
    } catch (RuntimeException e) {
      clientLog.info("Gateway node {}: bad routing request {}: {}", nodeId(), op, e.toString());
      request.fail(400, op + ": " + e.getMessage());
    }
  }

  private Future<?> handle(String op, JsonObject body) {
    return switch (op) {
      case RoutingProtocol.SEND_CLIENT -> sendToClient(body.getString(RoutingProtocol.CLIENT),
          RoutingProtocol.message(body));
      case RoutingProtocol.SEND_GROUP -> sendTo(membership.groupMembers(require(body.getString(
          RoutingProtocol.GROUP)), body.getJsonArray(RoutingProtocol.EXCLUDE)),
          RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case RoutingProtocol.SEND_UID -> sendTo(membership.uidMembers(require(body.getString(
          RoutingProtocol.UID))), RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case RoutingProtocol.SEND_ALL -> node.sendToAll(RoutingProtocol.message(body))
          .map(RoutingProtocol::toJson);
      case RoutingProtocol.JOIN -> join(body.getString(RoutingProtocol.CLIENT),
          body.getString(RoutingProtocol.GROUP));
      case RoutingProtocol.LEAVE -> Future.succeededFuture(leave(
          body.getString(RoutingProtocol.CLIENT), body.getString(RoutingProtocol.GROUP)));
      case RoutingProtocol.UNGROUP -> Future.succeededFuture(ungroup(
          body.getString(RoutingProtocol.GROUP)));
      case RoutingProtocol.BIND -> bind(body.getString(RoutingProtocol.CLIENT),
          body.getString(RoutingProtocol.UID));
      case RoutingProtocol.UNBIND -> Future.succeededFuture(unbind(
          body.getString(RoutingProtocol.CLIENT), body.getString(RoutingProtocol.UID)));
      case RoutingProtocol.ONLINE -> Future.succeededFuture(
          connection(body.getString(RoutingProtocol.CLIENT)) != null);
      case RoutingProtocol.UID_OF -> Future.succeededFuture(uidOf(
          body.getString(RoutingProtocol.CLIENT)));
      case RoutingProtocol.GROUP_IDS -> Future.succeededFuture(membership.groupIds(require(
          body.getString(RoutingProtocol.GROUP))));
      case RoutingProtocol.UID_IDS -> Future.succeededFuture(membership.uidIds(require(
          body.getString(RoutingProtocol.UID))));
      case RoutingProtocol.COUNT_ALL -> Future.succeededFuture(node.connectionCount());
      case RoutingProtocol.SESSION_SET, RoutingProtocol.SESSION_UPDATE -> Future.succeededFuture(
          session(body.getString(RoutingProtocol.CLIENT), body.getJsonObject(
              RoutingProtocol.SESSION), op.equals(RoutingProtocol.SESSION_SET)));
      case RoutingProtocol.SESSION_GET -> Future.succeededFuture(session(
          body.getString(RoutingProtocol.CLIENT)));
      case RoutingProtocol.CLOSE -> close(body.getString(RoutingProtocol.CLIENT),
          body.getString(RoutingProtocol.TEXT), false);
      case RoutingProtocol.DESTROY -> close(body.getString(RoutingProtocol.CLIENT), null, true);
      case RoutingProtocol.STATUS -> node.status();
      default -> throw new IllegalArgumentException("unknown routing operation '" + op + "'");
    };
  }

  /** @return the open connection of this node with that id, or null */
  private ConnectionBase connection(String clientId) {
    if (clientId == null) {
      throw new IllegalArgumentException("client id missing");
    }
    ConnectionBase connection = node.local(clientId);
    return connection != null && connection.isOpen() ? connection : null;
  }

  private Future<String> sendToClient(String clientId, Outbound message) {
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return Future.succeededFuture(SendResult.CLOSED.name());
    }
    return connection.sendAsync(message).map(SendResult::name);
  }

  private Future<BroadcastResult> sendTo(List<ConnectionBase> targets, Outbound message) {
    return targets.isEmpty() ? Future.succeededFuture(BroadcastResult.NONE)
        : node.send(message, targets);
  }

  private Future<Boolean> join(String clientId, String group) {
    require(group);
    ConnectionBase connection = connection(clientId);
    return connection == null ? Future.succeededFuture(false)
        : membership.join(connection, group);
  }

  private boolean leave(String clientId, String group) {
    require(group);
    ConnectionBase connection = connection(clientId);
    return connection != null && membership.leave(connection, group);
  }

  private boolean ungroup(String group) {
    membership.ungroup(require(group));
    return true;
  }

  private Future<Boolean> bind(String clientId, String uid) {
    require(uid);
    ConnectionBase connection = connection(clientId);
    return connection == null ? Future.succeededFuture(false) : membership.bind(connection, uid);
  }

  private boolean unbind(String clientId, String uid) {
    require(uid);
    ConnectionBase connection = connection(clientId);
    return connection != null && membership.unbind(connection, uid);
  }

  private String uidOf(String clientId) {
    ConnectionBase connection = connection(clientId);
    return connection == null ? null : membership.uidOf(connection);
  }

  private boolean session(String clientId, JsonObject session, boolean replace) {
    if (session == null) {
      throw new IllegalArgumentException("session missing");
    }
    ConnectionBase connection = connection(clientId);
    return connection != null && membership.session(connection, session, replace);
  }

  private JsonObject session(String clientId) {
    ConnectionBase connection = connection(clientId);
    return connection == null ? null : membership.session(connection);
  }

  private Future<Boolean> close(String clientId, String message, boolean destroy) {
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return Future.succeededFuture(false);
    }
    return connection.onContext(() -> {
      if (destroy) {
        connection.destroy();
      } else if (message == null) {
        connection.close();
      } else {
        connection.close(message);
      }
      return true;
    });
  }

  private static String require(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("group or uid missing");
    }
    return name;
  }

  // ---- publishes on the routing channels ------------------------------------------------------

  /**
   * A publish on a routing channel, e.g. from a business service's {@code ChannelClient}: its data
   * is a routing request without a reply ({@code {"text": "..."}} for a group, uid or everyone;
   * {@code {"op": "sendToClient", "client": "...", "text": "..."}} on the node's channel).
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
      remoteCall(channel, data);
      return;
    }
    JsonObject request = data.copy();
    if (channel.startsWith(RoutingProtocol.GROUP_PREFIX)) {
      request.put(RoutingProtocol.OP, RoutingProtocol.SEND_GROUP)
          .put(RoutingProtocol.GROUP, channel.substring(RoutingProtocol.GROUP_PREFIX.length()));
    } else if (channel.startsWith(RoutingProtocol.UID_PREFIX)) {
      request.put(RoutingProtocol.OP, RoutingProtocol.SEND_UID)
          .put(RoutingProtocol.UID, channel.substring(RoutingProtocol.UID_PREFIX.length()));
    } else if (channel.equals(RoutingProtocol.ALL)) {
      request.put(RoutingProtocol.OP, RoutingProtocol.SEND_ALL);
    }
    String op = request.getString(RoutingProtocol.OP, "");
    try {
      handle(op, request).onFailure(e -> clientLog.info(
          "Gateway node {}: publish on {} failed: {}", nodeId(), channel, e.getMessage()));
    } catch (RuntimeException e) {
      clientLog.info("Gateway node {}: publish on {} ignored: {}", nodeId(), channel,
          e.getMessage());
    }
  }

  /**
   * A remote caller's call ({@link RemoteGateway}): run cluster-wide, answered on the caller's
   * reply channel with {@code {"id", "result"}} or {@code {"id", "error"}}.
   */
  private void remoteCall(String channel, JsonObject call) {
    remoteCalls.increment();
    String replyTo = call.getString(RoutingProtocol.REPLY_TO, "");
    if (!replyTo.startsWith(RoutingProtocol.REPLY_PREFIX)) {
      clientLog.info("Gateway node {}: call on {} ignored: replyTo '{}' is not a reply channel",
          nodeId(), channel, replyTo);
      return;
    }
    String op = call.getString(RoutingProtocol.OP, "");
    Future<Object> result;
    try {
      result = op.equals(RoutingProtocol.HELLO) ? Future.succeededFuture(nodeId())
          : RemoteCalls.invoke(ClusterGateway.on(vertx, channels, within(call)), call);
    } catch (RuntimeException e) { // unknown call, arguments missing or of the wrong type
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      JsonObject answer = new JsonObject().put(RoutingProtocol.ID,
          call.getValue(RoutingProtocol.ID));
      if (ar.succeeded()) {
        answer.put(RoutingProtocol.RESULT, ar.result());
      } else {
        clientLog.info("Gateway node {}: remote call {} failed: {}", nodeId(), op,
            ar.cause().getMessage());
        answer.put(RoutingProtocol.ERROR, op + ": " + ar.cause().getMessage());
      }
      channels.publish(List.of(replyTo), Frames.encodeData(answer));
    });
  }

  /**
   * @return the status of every gateway node of the cluster, and their counters summed
   */
  Future<JsonObject> clusterStatus() {
    return ClusterGateway.on(vertx, channels, Gateway.DEFAULT_TIMEOUT).nodeStatuses();
  }

  /** @return the time a remote call gives each node to answer, within bounds */
  private static long within(JsonObject call) {
    long asked = call.getLong(RoutingProtocol.WITHIN, Gateway.DEFAULT_TIMEOUT);
    return Math.max(MIN_REMOTE_WITHIN, Math.min(Gateway.DEFAULT_TIMEOUT, asked));
  }

  /**
   * @return the group and uid counts of this node, for its status
   */
  JsonObject status() {
    return membership.counts().put("node", nodeId()).put("requests", requests.sum())
        .put("remoteCalls", remoteCalls.sum());
  }
}
