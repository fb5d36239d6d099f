package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.switchboard.gateway.impl.RoutingProtocol.guarded;
import static dev.switchboard.gateway.impl.RoutingProtocol.name;
import static dev.switchboard.gateway.impl.RoutingProtocol.require;

/**
 * What the two faces of {@link Gateway} share: the routing requests of every call, and the calls
 * about one client, which go to the node the client's id names. A subclass says how a request
 * reaches a node ({@link #client}) and how a cluster-wide query or send is run
 * ({@link #clusterQuery}, {@link #clusterSend}); the other calls about many clients are its own.
 *
 * <p>Threading: any thread.
 */
abstract class RoutingGateway implements Gateway {

  /**
   * Asks the node holding a client.
   *
   * @param clientId the client's id
   * @param request  the request, without the client
   * @param ifGone   the answer when the node does not answer (it is gone, so is the client)
   * @return the node's answer
   */
  abstract <T> Future<T> client(String clientId, JsonObject request, T ifGone);

  /**
   * Runs a {@link dev.switchboard.gateway.GatewayQueries} call cluster-wide.
   *
   * @param request the call's request (checked)
   * @return its answer as JSON
   */
  abstract Future<Object> clusterQuery(JsonObject request);

  /**
   * Runs a send to several uids, several groups, or listed or excluded clients cluster-wide.
   *
   * @param request the send's request (checked)
   * @return what the connections did with it, per node
   */
  abstract Future<ClusterSendResult> clusterSend(JsonObject request);

  @Override
  public Future<SendResult> sendToClient(String clientId, String message) {
    return sendToClient(clientId, (Object) message);
  }

  @Override
  public Future<SendResult> sendToClient(String clientId, Buffer message) {
    return sendToClient(clientId, (Object) message);
  }

  private Future<SendResult> sendToClient(String clientId, Object message) {
    return guarded(() -> client(clientId, RoutingProtocol.withMessage(
        RoutingOp.SEND_CLIENT.request(), require(message, "message")),
        SendResult.CLOSED.name())).map(SendResult::valueOf);
  }

  @Override
  public Future<Boolean> joinGroup(String clientId, String group) {
    return guarded(() -> client(clientId, RoutingOp.JOIN.request()
        .put(RoutingProtocol.GROUP, name(group)), false));
  }

  @Override
  public Future<Boolean> leaveGroup(String clientId, String group) {
    return guarded(() -> client(clientId, RoutingOp.LEAVE.request()
        .put(RoutingProtocol.GROUP, name(group)), false));
  }

  @Override
  public Future<Boolean> bindUid(String clientId, String uid) {
    return guarded(() -> client(clientId, RoutingOp.BIND.request()
        .put(RoutingProtocol.UID, name(uid)), false));
  }

  @Override
  public Future<Boolean> unbindUid(String clientId, String uid) {
    return guarded(() -> client(clientId, RoutingOp.UNBIND.request()
        .put(RoutingProtocol.UID, name(uid)), false));
  }

  @Override
  public Future<Boolean> isOnline(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.ONLINE.request(), false));
  }

  @Override
  public Future<String> getUidByClientId(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.UID_OF.request(), null));
  }

  @Override
  public Future<Boolean> setSession(String clientId, JsonObject session) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_SET.request()
        .put(RoutingProtocol.SESSION, require(session, "session")), false));
  }

  @Override
  public Future<Boolean> updateSession(String clientId, JsonObject changes) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_UPDATE.request()
        .put(RoutingProtocol.SESSION, require(changes, "changes")), false));
  }

  @Override
  public Future<JsonObject> getSession(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_GET.request(), null));
  }

  @Override
  public Future<Boolean> closeClient(String clientId, String message) {
    JsonObject request = RoutingOp.CLOSE.request();
    if (message != null) {
      request.put(RoutingProtocol.TEXT, message);
    }
    return guarded(() -> client(clientId, request, false));
  }

  @Override
  public Future<Boolean> destroyClient(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.DESTROY.request(), false));
  }

  // ---- the listings and batch queries ----------------------------------------------------------

  @Override
  public Future<List<String>> getAllClientIds() {
    return query(RoutingOp.ALL_IDS.request(), Answers::sortedList);
  }

  @Override
  public Future<Map<String, JsonObject>> getAllClientSessions() {
    return query(RoutingOp.ALL_SESSIONS.request(), json -> Answers.sortedMap(json,
        Answers::object));
  }

  @Override
  public Future<Map<String, JsonObject>> getClientSessionsByGroup(String group) {
    return guarded(() -> query(RoutingOp.GROUP_SESSIONS.request().put(RoutingProtocol.GROUP,
        name(group)), json -> Answers.sortedMap(json, Answers::object)));
  }

  @Override
  public Future<Set<String>> getAllGroupIds() {
    return query(RoutingOp.ALL_GROUPS.request(), Answers::sortedSet);
  }

  @Override
  public Future<Set<String>> getAllUids() {
    return query(RoutingOp.ALL_UIDS.request(), Answers::sortedSet);
  }

  @Override
  public Future<Integer> getAllUidCount() {
    return query(RoutingOp.UID_COUNT_ALL.request(), Answers::count);
  }

  @Override
  public Future<Set<String>> getUidsByGroup(String group) {
    return guarded(() -> query(RoutingOp.GROUP_UIDS.request().put(RoutingProtocol.GROUP,
        name(group)), Answers::sortedSet));
  }

  @Override
  public Future<Integer> getUidCountByGroup(String group) {
    return guarded(() -> query(RoutingOp.GROUP_UID_COUNT.request().put(RoutingProtocol.GROUP,
        name(group)), Answers::count));
  }

  @Override
  public Future<Map<String, Set<String>>> getAllGroupUids() {
    return query(RoutingOp.ALL_GROUP_UIDS.request(), json -> Answers.sortedMap(json,
        Answers::sortedSet));
  }

  @Override
  public Future<Map<String, Integer>> getAllGroupUidCounts() {
    return query(RoutingOp.ALL_GROUP_UID_COUNTS.request(), json -> Answers.sortedMap(json,
        Answers::count));
  }

  @Override
  public Future<Map<String, List<String>>> getAllGroupClientIds() {
    return query(RoutingOp.ALL_GROUP_IDS.request(), json -> Answers.sortedMap(json,
        Answers::sortedList));
  }

  @Override
  public Future<Map<String, Integer>> getAllGroupClientCounts() {
    return query(RoutingOp.ALL_GROUP_COUNTS.request(), json -> Answers.sortedMap(json,
        Answers::count));
  }

  @Override
  public Future<Map<String, Boolean>> isUidsOnline(Collection<String> uids) {
    return guarded(() -> query(batch(RoutingOp.UIDS_ONLINE, RoutingProtocol.UIDS, uids),
        json -> Answers.sortedMap(json, Answers::flag)));
  }

  @Override
  public Future<Map<String, List<String>>> getClientIdsByUids(Collection<String> uids) {
    return guarded(() -> query(batch(RoutingOp.UIDS_IDS, RoutingProtocol.UIDS, uids),
        json -> Answers.sortedMap(json, Answers::sortedList)));
  }

  @Override
  public Future<Map<String, Integer>> getClientCountsByGroups(Collection<String> groups) {
    return guarded(() -> query(batch(RoutingOp.GROUPS_COUNTS, RoutingProtocol.GROUPS, groups),
        json -> Answers.sortedMap(json, Answers::count)));
  }

  private <T> Future<T> query(JsonObject request, Function<Object, T> read) {
    return clusterQuery(request).map(read::apply);
  }

  private static JsonObject batch(RoutingOp op, String key, Collection<String> names) {
    return op.request().put(key, new JsonArray(new ArrayList<Object>(RoutingProtocol.names(
        names, key))));
  }

  // ---- sends to several targets ----------------------------------------------------------------

  @Override
  public Future<ClusterSendResult> sendToAll(String message, Collection<String> clientIds,
      Collection<String> excluded) {
    return guarded(() -> clusterSend(listedSend(message, clientIds, excluded)));
  }

  @Override
  public Future<ClusterSendResult> sendToAll(Buffer message, Collection<String> clientIds,
      Collection<String> excluded) {
    return guarded(() -> clusterSend(listedSend(message, clientIds, excluded)));
  }

  @Override
  public Future<ClusterSendResult> sendToUid(Collection<String> uids, String message) {
    return guarded(() -> clusterSend(RoutingProtocol.withMessage(batch(RoutingOp.SEND_UID,
        RoutingProtocol.UIDS, uids), require(message, "message"))));
  }

  @Override
  public Future<ClusterSendResult> sendToUid(Collection<String> uids, Buffer message) {
    return guarded(() -> clusterSend(RoutingProtocol.withMessage(batch(RoutingOp.SEND_UID,
        RoutingProtocol.UIDS, uids), require(message, "message"))));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(Collection<String> groups, String message,
      Collection<String> excluded) {
    return guarded(() -> clusterSend(groupsSend(groups, message, excluded)));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(Collection<String> groups, Buffer message,
      Collection<String> excluded) {
    return guarded(() -> clusterSend(groupsSend(groups, message, excluded)));
  }

  private static JsonObject groupsSend(Collection<String> groups, Object message,
      Collection<String> excluded) {
    return excluding(RoutingProtocol.withMessage(batch(RoutingOp.SEND_GROUP,
        RoutingProtocol.GROUPS, groups), require(message, "message")), excluded);
  }

  private static JsonObject listedSend(Object message, Collection<String> clientIds,
      Collection<String> excluded) {
    JsonObject request = clientIds == null ? RoutingOp.SEND_ALL.request()
        : batch(RoutingOp.SEND_ALL, RoutingProtocol.CLIENTS, clientIds);
    return excluding(RoutingProtocol.withMessage(request, require(message, "message")),
        excluded);
  }

  private static JsonObject excluding(JsonObject request, Collection<String> excluded) {
    JsonArray ids = RoutingProtocol.excluded(excluded);
    return ids == null ? request : request.put(RoutingProtocol.EXCLUDE, ids);
  }

  // ---- the requests of the calls about many clients ---------------------------------------------

  static JsonObject uidSend(String uid, Object message) {
    return RoutingProtocol.withMessage(RoutingOp.SEND_UID.request()
        .put(RoutingProtocol.UID, name(uid)), require(message, "message"));
  }

  static JsonObject groupSend(String group, Object message, Collection<String> excluded) {
    JsonObject request = RoutingOp.SEND_GROUP.request().put(RoutingProtocol.GROUP,
        name(group));
    if (excluded != null && !excluded.isEmpty()) {
      request.put(RoutingProtocol.EXCLUDE, new JsonArray(new ArrayList<>(excluded)));
    }
    return RoutingProtocol.withMessage(request, require(message, "message"));
  }

  static JsonObject allSend(Object message) {
    return RoutingProtocol.withMessage(RoutingOp.SEND_ALL.request(),
        require(message, "message"));
  }
}
