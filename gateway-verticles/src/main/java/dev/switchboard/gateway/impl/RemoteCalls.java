package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link Gateway} calls of remote callers ({@link RemoteGateway}) as JSON: a call is
 * {@code {"op": <method name>, <arguments>}} ({@link RoutingOp}) with the keys of
 * {@link RoutingProtocol}; its result
 * is the method's result as JSON. Used on both sides: the caller encodes calls and decodes
 * results, a gateway node decodes calls, runs them and encodes results.
 *
 * <p>Threading: pure functions.
 */
final class RemoteCalls {

  private RemoteCalls() {
  }

  /**
   * Runs a call on a gateway node.
   *
   * @param gateway the node's cluster-wide gateway
   * @param call    the call
   * @return its result as JSON (a String, Boolean, Number, JsonArray, JsonObject or null)
   * @throws IllegalArgumentException when the call is not one of the API's
   */
  static Future<Object> invoke(ClusterGateway gateway, JsonObject call) {
    String op = RoutingOp.wireNameOf(call);
    RoutingOp known = RoutingOp.of(op);
    if (known == null) {
      throw new IllegalArgumentException("unknown gateway call '" + op + "'");
    }
    if (known.toSeveral(call)) {
      return gateway.clusterSend(call).map(RemoteCalls::toJson);
    }
    String client = call.getString(RoutingProtocol.CLIENT);
    String group = call.getString(RoutingProtocol.GROUP);
    String uid = call.getString(RoutingProtocol.UID);
    Future<?> result = switch (known) {
      case SEND_CLIENT -> withMessage(call, text -> gateway.sendToClient(client,
          text), binary -> gateway.sendToClient(client, binary)).map(Enum::name);
      case SEND_UID -> withMessage(call, text -> gateway.sendToUid(uid, text),
          binary -> gateway.sendToUid(uid, binary)).map(RemoteCalls::toJson);
      case SEND_GROUP -> withMessage(call,
          text -> gateway.sendToGroup(group, text, excluded(call)),
          binary -> gateway.sendToGroup(group, binary, excluded(call))).map(RemoteCalls::toJson);
      case SEND_ALL -> withMessage(call, gateway::sendToAll, gateway::sendToAll)
          .map(RemoteCalls::toJson);
      case JOIN -> gateway.joinGroup(client, group);
      case LEAVE -> gateway.leaveGroup(client, group);
      case UNGROUP -> gateway.ungroup(group);
      case BIND -> gateway.bindUid(client, uid);
      case UNBIND -> gateway.unbindUid(client, uid);
      case ONLINE -> gateway.isOnline(client);
      case UID_ONLINE -> gateway.isUidOnline(uid);
      case UID_IDS -> gateway.getClientIdsByUid(uid).map(JsonArray::new);
      case UID_OF -> gateway.getUidByClientId(client);
      case GROUP_IDS -> gateway.getClientIdsByGroup(group).map(JsonArray::new);
      case GROUP_COUNT -> gateway.getClientCountByGroup(group);
      case COUNT_ALL -> gateway.getAllClientCount();
      case SESSION_SET -> gateway.setSession(client,
          call.getJsonObject(RoutingProtocol.SESSION));
      case SESSION_UPDATE -> gateway.updateSession(client,
          call.getJsonObject(RoutingProtocol.SESSION));
      case SESSION_GET -> gateway.getSession(client);
      case CLOSE -> gateway.closeClient(client,
          call.getString(RoutingProtocol.TEXT));
      case DESTROY -> gateway.destroyClient(client);
      case ALL_IDS, ALL_SESSIONS, GROUP_SESSIONS, ALL_GROUPS, ALL_UIDS, UID_COUNT_ALL,
          GROUP_UIDS, GROUP_UID_COUNT, ALL_GROUP_UIDS, ALL_GROUP_UID_COUNTS, ALL_GROUP_IDS,
          ALL_GROUP_COUNTS, UIDS_ONLINE, UIDS_IDS, GROUPS_COUNTS -> gateway.clusterQuery(call);
      // answered by the node itself (RemoteCallServer), or asked of nodes only
      case HELLO, STATUS, CONNECTIONS -> throw new IllegalArgumentException("unknown gateway call '" + op
          + "'");
    };
    return result.map(value -> value);
  }

  /** Calls the text or the binary variant of a send, as the call's message is. */
  private static <R> Future<R> withMessage(JsonObject call, Function<String, Future<R>> text,
      Function<Buffer, Future<R>> binary) {
    Object message = RoutingProtocol.rawMessage(call);
    return message instanceof Buffer bytes ? binary.apply(bytes) : text.apply((String) message);
  }

  private static List<String> excluded(JsonObject call) {
    JsonArray excluded = call.getJsonArray(RoutingProtocol.EXCLUDE);
    List<String> ids = new ArrayList<>();
    if (excluded != null) {
      excluded.forEach(id -> ids.add(String.valueOf(id)));
    }
    return ids;
  }

  /** @return each node's counts by node id, {@code null} for a node that did not answer */
  static JsonObject toJson(ClusterSendResult result) {
    JsonObject json = new JsonObject();
    result.byNode().forEach((node, counts) -> json.put(node, RoutingProtocol.toJson(counts)));
    result.unanswered().forEach(node -> json.putNull(node));
    return json;
  }

  static ClusterSendResult sendResult(Object json) {
    Map<String, BroadcastResult> byNode = new java.util.HashMap<>();
    java.util.Set<String> unanswered = new java.util.HashSet<>();
    ((JsonObject) json).forEach(entry -> {
      if (entry.getValue() == null) {
        unanswered.add(entry.getKey());
      } else {
        byNode.put(entry.getKey(), RoutingProtocol.broadcastResult((JsonObject) entry.getValue()));
      }
    });
    return new ClusterSendResult(byNode, unanswered);
  }

  static List<String> ids(Object json) {
    List<String> ids = new ArrayList<>();
    ((JsonArray) json).forEach(id -> ids.add((String) id));
    return ids;
  }
}
