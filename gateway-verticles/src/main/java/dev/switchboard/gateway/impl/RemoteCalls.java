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
 * {@code {"op": <method name>, <arguments>}} with the keys of {@link RoutingProtocol}; its result
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
  static Future<Object> invoke(Gateway gateway, JsonObject call) {
    String op = call.getString(RoutingProtocol.OP, "");
    String client = call.getString(RoutingProtocol.CLIENT);
    String group = call.getString(RoutingProtocol.GROUP);
    String uid = call.getString(RoutingProtocol.UID);
    Future<?> result = switch (op) {
      case RoutingProtocol.SEND_CLIENT -> withMessage(call, text -> gateway.sendToClient(client,
          text), binary -> gateway.sendToClient(client, binary)).map(Enum::name);
      case RoutingProtocol.SEND_UID -> withMessage(call, text -> gateway.sendToUid(uid, text),
          binary -> gateway.sendToUid(uid, binary)).map(RemoteCalls::toJson);
      case RoutingProtocol.SEND_GROUP -> withMessage(call,
          text -> gateway.sendToGroup(group, text, excluded(call)),
          binary -> gateway.sendToGroup(group, binary, excluded(call))).map(RemoteCalls::toJson);
      case RoutingProtocol.SEND_ALL -> withMessage(call, gateway::sendToAll, gateway::sendToAll)
          .map(RemoteCalls::toJson);
      case RoutingProtocol.JOIN -> gateway.joinGroup(client, group);
      case RoutingProtocol.LEAVE -> gateway.leaveGroup(client, group);
      case RoutingProtocol.UNGROUP -> gateway.ungroup(group);
      case RoutingProtocol.BIND -> gateway.bindUid(client, uid);
      case RoutingProtocol.UNBIND -> gateway.unbindUid(client, uid);
      case RoutingProtocol.ONLINE -> gateway.isOnline(client);
      case RoutingProtocol.UID_ONLINE -> gateway.isUidOnline(uid);
      case RoutingProtocol.UID_IDS -> gateway.getClientIdsByUid(uid).map(JsonArray::new);
      case RoutingProtocol.UID_OF -> gateway.getUidByClientId(client);
      case RoutingProtocol.GROUP_IDS -> gateway.getClientIdsByGroup(group).map(JsonArray::new);
      case RoutingProtocol.GROUP_COUNT -> gateway.getClientCountByGroup(group);
      case RoutingProtocol.COUNT_ALL -> gateway.getAllClientCount();
      case RoutingProtocol.SESSION_SET -> gateway.setSession(client,
          call.getJsonObject(RoutingProtocol.SESSION));
      case RoutingProtocol.SESSION_UPDATE -> gateway.updateSession(client,
          call.getJsonObject(RoutingProtocol.SESSION));
      case RoutingProtocol.SESSION_GET -> gateway.getSession(client);
      case RoutingProtocol.CLOSE -> gateway.closeClient(client,
          call.getString(RoutingProtocol.TEXT));
      case RoutingProtocol.DESTROY -> gateway.destroyClient(client);
      default -> throw new IllegalArgumentException("unknown gateway call '" + op + "'");
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

  static JsonObject toJson(ClusterSendResult result) {
    JsonObject json = new JsonObject();
    result.byNode().forEach((node, counts) -> json.put(node, RoutingProtocol.toJson(counts)));
    return json;
  }

  static ClusterSendResult sendResult(Object json) {
    Map<String, BroadcastResult> byNode = new java.util.HashMap<>();
    ((JsonObject) json).forEach(entry -> byNode.put(entry.getKey(),
        RoutingProtocol.broadcastResult((JsonObject) entry.getValue())));
    return new ClusterSendResult(byNode);
  }

  static List<String> ids(Object json) {
    List<String> ids = new ArrayList<>();
    ((JsonArray) json).forEach(id -> ids.add((String) id));
    return ids;
  }
}
