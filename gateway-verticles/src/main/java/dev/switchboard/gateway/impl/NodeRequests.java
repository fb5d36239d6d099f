package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The routing requests a gateway node answers about its own connections (the node side of
 * {@link ClusterGateway}): sends to a client, to a group's, a uid's or every member of the node,
 * memberships, sessions, closes, counts and status. The requests arrive over the event bus
 * ({@link GatewayRouter}), as publishes on routing channels, or straight from this node's
 * {@link RemoteCallServer} when a remote call is about one of its clients.
 *
 * <p>Threading: any thread; connections are written on their own contexts.
 */
final class NodeRequests {

  private final GatewayNode node;
  private final Membership membership;
  private final RateLimitedLog clientLog;
  private final String nodeId;
  private final NodeQueries queries;

  NodeRequests(GatewayNode node, Membership membership, RateLimitedLog clientLog, String nodeId) {
    this.node = node;
    this.membership = membership;
    this.queries = new NodeQueries(node, membership);
    this.clientLog = clientLog;
    this.nodeId = nodeId;
  }

  /**
   * Answers a request as the node's event-bus address does: a failure is a
   * {@link ReplyException} of {@link ReplyFailure#RECIPIENT_FAILURE}, code 400, and a result is
   * a copy, as the event bus would deliver it.
   *
   * @param request the request
   * @return its result as JSON
   */
  Future<Object> answer(JsonObject request) {
    String op = RoutingOp.wireNameOf(request);
    Future<?> result;
    try {
      result = handle(request);
    } catch (RuntimeException e) {
      clientLog.info("Gateway node {}: bad routing request {}: {}", nodeId, op, e.toString());
      return Future.failedFuture(refused(op + ": " + e.getMessage()));
    }
    return result.transform(ar -> ar.succeeded()
        ? Future.succeededFuture(new JsonObject().put(RoutingProtocol.RESULT, ar.result()).copy()
            .getValue(RoutingProtocol.RESULT))
        : Future.failedFuture(refused(String.valueOf(ar.cause().getMessage()))));
  }

  private static ReplyException refused(String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, message);
  }

  /**
   * Runs a request.
   *
   * @param body the request
   * @return its result as JSON
   * @throws IllegalArgumentException when the operation is not one a node answers, or an argument
   *     is missing
   */
  Future<?> handle(JsonObject body) {
    RoutingOp op = RoutingOp.of(RoutingOp.wireNameOf(body));
    if (op == null) {
      throw new IllegalArgumentException("unknown routing operation '"
          + RoutingOp.wireNameOf(body) + "'");
    }
    String client = body.getString(RoutingProtocol.CLIENT);
    if (op.toSeveral(body)) {
      return sendTo(queries.targets(body), RoutingProtocol.message(body))
          .map(RoutingProtocol::toJson);
    }
    return switch (op) {
      case SEND_CLIENT -> sendToClient(client, RoutingProtocol.message(body));
      case SEND_GROUP -> sendTo(membership.groupMembers(require(body.getString(
          RoutingProtocol.GROUP)), body.getJsonArray(RoutingProtocol.EXCLUDE)),
          RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case SEND_UID -> sendTo(membership.uidMembers(require(body.getString(RoutingProtocol.UID))),
          RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case SEND_ALL -> node.sendToAll(RoutingProtocol.message(body)).map(RoutingProtocol::toJson);
      case JOIN -> join(client, body.getString(RoutingProtocol.GROUP));
      case LEAVE -> Future.succeededFuture(leave(client, body.getString(RoutingProtocol.GROUP)));
      case UNGROUP -> Future.succeededFuture(ungroup(body.getString(RoutingProtocol.GROUP)));
      case BIND -> bind(client, body.getString(RoutingProtocol.UID));
      case UNBIND -> Future.succeededFuture(unbind(client, body.getString(RoutingProtocol.UID)));
      case ONLINE -> Future.succeededFuture(connection(client) != null);
      case UID_OF -> Future.succeededFuture(uidOf(client));
      case GROUP_IDS -> Future.succeededFuture(membership.groupIds(require(
          body.getString(RoutingProtocol.GROUP))));
      case UID_IDS -> Future.succeededFuture(membership.uidIds(require(
          body.getString(RoutingProtocol.UID))));
      case COUNT_ALL -> Future.succeededFuture(node.connectionCount());
      case SESSION_SET, SESSION_UPDATE -> Future.succeededFuture(session(client,
          body.getJsonObject(RoutingProtocol.SESSION), op == RoutingOp.SESSION_SET));
      case SESSION_GET -> Future.succeededFuture(session(client));
      case CLOSE -> close(client, body.getString(RoutingProtocol.TEXT), false);
      case DESTROY -> close(client, null, true);
      case STATUS -> node.status();
      case CONNECTIONS -> node.connections(StatusViews.limit(body.getValue(StatusViews.LIMIT)));
      case ALL_IDS, ALL_SESSIONS, GROUP_SESSIONS, ALL_GROUPS, ALL_UIDS, GROUP_UIDS,
          ALL_GROUP_UIDS, ALL_GROUP_IDS, ALL_GROUP_COUNTS, UIDS_IDS, GROUPS_COUNTS ->
          Future.succeededFuture(queries.answer(op, body));
      // asked of the node running a remote caller's calls (RemoteCallServer), never of a node
      case UID_ONLINE, GROUP_COUNT, HELLO, UID_COUNT_ALL, GROUP_UID_COUNT, ALL_GROUP_UID_COUNTS,
          UIDS_ONLINE -> throw new IllegalArgumentException(
          "unknown routing operation '" + op.wireName() + "'");
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
}
