package dev.switchboard.gateway.impl;

import dev.switchboard.channel.impl.ChannelNode;
import dev.switchboard.channel.impl.Delivery;
import dev.switchboard.channel.impl.Frames;
import dev.switchboard.channel.impl.Subscriber;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Threading: requests arrive on the context that started the router; membership is guarded by
 * the router's lock; connections are written on their own contexts.
 */
final class GatewayRouter implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  /** The least time a remote call may give each node to answer, ms. */
  private static final long MIN_REMOTE_WITHIN = 100;

  private final GatewayNode node;
  private final ChannelNode channels;
  private final Map<String, Set<ConnectionBase>> groups = new HashMap<>();
  private final Map<String, Set<ConnectionBase>> uids = new HashMap<>();
  private final Map<ConnectionBase, ClientState> clients = new HashMap<>();
  private final LongAdder requests = new LongAdder();
  private MessageConsumer<JsonObject> consumer;
  private final Vertx vertx;
  private final LongAdder remoteCalls = new LongAdder();

  /** What the router keeps of one connection. */
  private static final class ClientState {
    final Set<String> groups = new HashSet<>();
    String uid;
    JsonObject session = new JsonObject();
  }

  private GatewayRouter(Vertx vertx, GatewayNode node, ChannelNode channels) {
    this.node = node;
    this.channels = channels;
    this.vertx = vertx;
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
          .onFailure(e -> channels.release());
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
    List<String> subscribed = new ArrayList<>();
    synchronized (this) {
      groups.keySet().forEach(g -> subscribed.add(RoutingProtocol.groupChannel(g)));
      uids.keySet().forEach(u -> subscribed.add(RoutingProtocol.uidChannel(u)));
      groups.clear();
      uids.clear();
      clients.clear();
    }
    subscribed.add(RoutingProtocol.ALL);
    subscribed.add(RoutingProtocol.nodeChannel(channels.id()));
    channels.unsubscribe(this, subscribed);
    return consumer.unregister().eventually(channels::release);
  }

  /** A connection of this node closed: it leaves its groups and uid. */
  void closed(ConnectionBase connection) {
    List<String> gone = new ArrayList<>();
    synchronized (this) {
      ClientState state = clients.remove(connection);
      if (state == null) {
        return;
      }
      for (String group : state.groups) {
        if (removeMember(groups, group, connection)) {
          gone.add(RoutingProtocol.groupChannel(group));
        }
      }
      if (state.uid != null && removeMember(uids, state.uid, connection)) {
        gone.add(RoutingProtocol.uidChannel(state.uid));
      }
    }
    if (!gone.isEmpty()) {
      channels.unsubscribe(this, gone);
    }
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
      LOG.info("Gateway node {}: bad routing request {}: {}", nodeId(), op, e.toString());
      request.fail(400, op + ": " + e.getMessage());
    }
  }

  private Future<?> handle(String op, JsonObject body) {
    return switch (op) {
      case RoutingProtocol.SEND_CLIENT -> sendToClient(body.getString(RoutingProtocol.CLIENT),
          RoutingProtocol.message(body));
      case RoutingProtocol.SEND_GROUP -> sendTo(members(groups, body.getString(
          RoutingProtocol.GROUP), body.getJsonArray(RoutingProtocol.EXCLUDE)),
          RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case RoutingProtocol.SEND_UID -> sendTo(members(uids, body.getString(RoutingProtocol.UID),
          null), RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
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
      case RoutingProtocol.GROUP_IDS -> Future.succeededFuture(ids(groups,
          body.getString(RoutingProtocol.GROUP)));
      case RoutingProtocol.UID_IDS -> Future.succeededFuture(ids(uids,
          body.getString(RoutingProtocol.UID)));
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

  private synchronized List<ConnectionBase> members(Map<String, Set<ConnectionBase>> index,
      String key, JsonArray excluded) {
    Set<ConnectionBase> members = index.get(require(key));
    if (members == null) {
      return List.of();
    }
    List<ConnectionBase> targets = new ArrayList<>(members.size());
    for (ConnectionBase member : members) {
      if (excluded == null || !excluded.contains(member.id())) {
        targets.add(member);
      }
    }
    return targets;
  }

  private synchronized List<String> ids(Map<String, Set<ConnectionBase>> index, String key) {
    Set<ConnectionBase> members = index.get(require(key));
    List<String> ids = new ArrayList<>();
    if (members != null) {
      members.forEach(member -> ids.add(member.id()));
    }
    return ids;
  }

  private Future<Boolean> join(String clientId, String group) {
    require(group);
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return Future.succeededFuture(false);
    }
    boolean first;
    synchronized (this) {
      state(connection).groups.add(group);
      first = addMember(groups, group, connection);
    }
    // the answer waits until every node knows this one holds the group
    return (first ? channels.subscribe(this, List.of(RoutingProtocol.groupChannel(group)))
        : Future.<Void>succeededFuture()).map(true);
  }

  private boolean leave(String clientId, String group) {
    require(group);
    return withdraw(clientId, RoutingProtocol.groupChannel(group), (connection, state) ->
        state.groups.remove(group) ? removeMember(groups, group, connection) : null) != null;
  }

  private boolean ungroup(String group) {
    require(group);
    synchronized (this) {
      Set<ConnectionBase> members = groups.remove(group);
      if (members == null) {
        return true;
      }
      members.forEach(member -> {
        ClientState state = clients.get(member);
        if (state != null) {
          state.groups.remove(group);
        }
      });
    }
    channels.unsubscribe(this, List.of(RoutingProtocol.groupChannel(group)));
    return true;
  }

  private Future<Boolean> bind(String clientId, String uid) {
    require(uid);
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return Future.succeededFuture(false);
    }
    boolean first;
    String previous;
    boolean previousLast = false;
    synchronized (this) {
      ClientState state = state(connection);
      previous = state.uid;
      if (uid.equals(previous)) {
        return Future.succeededFuture(true);
      }
      if (previous != null) {
        previousLast = removeMember(uids, previous, connection);
      }
      state.uid = uid;
      first = addMember(uids, uid, connection);
    }
    if (previousLast) {
      channels.unsubscribe(this, List.of(RoutingProtocol.uidChannel(previous)));
    }
    return (first ? channels.subscribe(this, List.of(RoutingProtocol.uidChannel(uid)))
        : Future.<Void>succeededFuture()).map(true);
  }

  private boolean unbind(String clientId, String uid) {
    require(uid);
    return Boolean.TRUE.equals(withdraw(clientId, RoutingProtocol.uidChannel(uid),
        (connection, state) -> {
          if (!uid.equals(state.uid)) {
            return null;
          }
          state.uid = null;
          return removeMember(uids, uid, connection);
        }));
  }

  /** Takes one membership of a connection away, under the lock. */
  private interface Removal {
    /**
     * @return null when the connection was no member; otherwise whether it was the last member
     *     on this node
     */
    Boolean remove(ConnectionBase connection, ClientState state);
  }

  /**
   * Takes a membership away; when the connection was the node's last member, the node withdraws
   * its interest in the channel.
   *
   * @return null when the client is not online here, otherwise whether it was a member
   */
  private Boolean withdraw(String clientId, String channel, Removal removal) {
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return null;
    }
    Boolean last;
    synchronized (this) {
      ClientState state = clients.get(connection);
      last = state == null ? null : removal.remove(connection, state);
    }
    if (Boolean.TRUE.equals(last)) {
      channels.unsubscribe(this, List.of(channel));
    }
    return last != null;
  }

  private synchronized String uidOf(String clientId) {
    ConnectionBase connection = connection(clientId);
    ClientState state = connection == null ? null : clients.get(connection);
    return state == null ? null : state.uid;
  }

  private synchronized boolean session(String clientId, JsonObject session, boolean replace) {
    if (session == null) {
      throw new IllegalArgumentException("session missing");
    }
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return false;
    }
    ClientState state = state(connection);
    state.session = replace ? session.copy() : state.session.mergeIn(session.copy());
    return true;
  }

  private synchronized JsonObject session(String clientId) {
    ConnectionBase connection = connection(clientId);
    if (connection == null) {
      return null;
    }
    ClientState state = clients.get(connection);
    return state == null ? new JsonObject() : state.session.copy();
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

  private ClientState state(ConnectionBase connection) {
    return clients.computeIfAbsent(connection, c -> new ClientState());
  }

  /** @return whether the key is new in the index */
  private static boolean addMember(Map<String, Set<ConnectionBase>> index, String key,
      ConnectionBase connection) {
    Set<ConnectionBase> members = index.computeIfAbsent(key, k -> new HashSet<>());
    members.add(connection);
    return members.size() == 1;
  }

  /** @return whether the key is gone from the index */
  private static boolean removeMember(Map<String, Set<ConnectionBase>> index, String key,
      ConnectionBase connection) {
    Set<ConnectionBase> members = index.get(key);
    if (members == null || !members.remove(connection) || !members.isEmpty()) {
      return false;
    }
    index.remove(key);
    return true;
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
      LOG.info("Gateway node {}: publish on {} ignored: data is not a JSON object", nodeId(),
          delivery.channel());
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
      handle(op, request).onFailure(e -> LOG.info("Gateway node {}: publish on {} failed: {}",
          nodeId(), channel, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.info("Gateway node {}: publish on {} ignored: {}", nodeId(), channel, e.getMessage());
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
      LOG.info("Gateway node {}: call on {} ignored: replyTo '{}' is not a reply channel",
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
        LOG.info("Gateway node {}: remote call {} failed: {}", nodeId(), op,
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
  synchronized JsonObject status() {
    return new JsonObject().put("node", nodeId()).put("groups", groups.size())
        .put("uids", uids.size()).put("requests", requests.sum())
        .put("remoteCalls", remoteCalls.sum());
  }
}
