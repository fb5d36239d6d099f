package dev.switchboard.gateway.impl;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The routing operations, one vocabulary for every face: what {@link ClusterGateway} asks a
 * node's {@link NodeRequests} over the event bus, what a {@link RemoteGateway} publishes to a
 * node's {@link RemoteCallServer}, and what a publish on a routing channel carries. The wire name
 * ({@code "op"} of the JSON request) is the {@link dev.switchboard.gateway.Gateway} method's name.
 *
 * <p>Public for the GatewayWorker commands ({@code impl.workerman}), which run as these
 * requests; private to the module like every {@code impl} package.
 *
 * <p>Threading: constants.
 */
public enum RoutingOp {
  SEND_CLIENT("sendToClient"),
  SEND_GROUP("sendToGroup"),
  SEND_UID("sendToUid"),
  SEND_ALL("sendToAll"),
  JOIN("joinGroup"),
  LEAVE("leaveGroup"),
  UNGROUP("ungroup"),
  BIND("bindUid"),
  UNBIND("unbindUid"),
  ONLINE("isOnline"),
  UID_ONLINE("isUidOnline"),
  UID_OF("getUidByClientId"),
  GROUP_IDS("getClientIdsByGroup"),
  UID_IDS("getClientIdsByUid"),
  GROUP_COUNT("getClientCountByGroup"),
  COUNT_ALL("getAllClientCount"),
  SESSION_SET("setSession"),
  SESSION_UPDATE("updateSession"),
  SESSION_GET("getSession"),
  CLOSE("closeClient"),
  DESTROY("destroyClient"),
  ALL_IDS("getAllClientIds"),
  ALL_SESSIONS("getAllClientSessions"),
  GROUP_SESSIONS("getClientSessionsByGroup"),
  ALL_GROUPS("getAllGroupIds"),
  ALL_UIDS("getAllUids"),
  UID_COUNT_ALL("getAllUidCount"),
  GROUP_UIDS("getUidsByGroup"),
  GROUP_UID_COUNT("getUidCountByGroup"),
  ALL_GROUP_UIDS("getAllGroupUids"),
  ALL_GROUP_UID_COUNTS("getAllGroupUidCounts"),
  ALL_GROUP_IDS("getAllGroupClientIds"),
  ALL_GROUP_COUNTS("getAllGroupClientCounts"),
  UIDS_ONLINE("isUidsOnline"),
  UIDS_IDS("getClientIdsByUids"),
  GROUPS_COUNTS("getClientCountsByGroups"),
  /** A remote caller looking for a gateway node to take its cluster-wide calls. */
  HELLO("hello"),
  /** A node's status, for {@code GET /status?cluster=true}. */
  STATUS("status"),
  /**
   * A node's connection rows (at most {@code limit}), for the status listener's
   * {@code GET /status/connections?cluster=true}.
   */
  CONNECTIONS("connections");

  private static final Map<String, RoutingOp> BY_WIRE_NAME = new HashMap<>();

  static {
    for (RoutingOp op : values()) {
      BY_WIRE_NAME.put(op.wireName, op);
    }
  }

  private final String wireName;

  RoutingOp(String wireName) {
    this.wireName = wireName;
  }

  /** @return the name on the wire */
  String wireName() {
    return wireName;
  }

  /**
   * @param request a request of this operation
   * @return whether it is a send to several uids or groups, or to listed or excluded clients
   *     (rather than to one uid, one group or everyone)
   */
  boolean toSeveral(JsonObject request) {
    return switch (this) {
      case SEND_UID -> request.containsKey(RoutingProtocol.UIDS);
      case SEND_GROUP -> request.containsKey(RoutingProtocol.GROUPS);
      case SEND_ALL -> request.containsKey(RoutingProtocol.CLIENTS)
          || request.containsKey(RoutingProtocol.EXCLUDE);
      default -> false;
    };
  }

  /** @return a request of this operation: {@code {"op": <wire name>}} */
  public JsonObject request() {
    return new JsonObject().put(RoutingProtocol.OP, wireName);
  }

  /**
   * @param wireName a name on the wire
   * @return its operation, or null when there is none of that name
   */
  static RoutingOp of(String wireName) {
    return wireName == null ? null : BY_WIRE_NAME.get(wireName);
  }

  /** @return the wire name of a request's operation ({@code ""} when it has none) */
  static String wireNameOf(JsonObject request) {
    return request.getString(RoutingProtocol.OP, "");
  }
}
