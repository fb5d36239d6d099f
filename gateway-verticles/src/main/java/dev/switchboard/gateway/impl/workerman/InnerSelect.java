package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.gateway.impl.RoutingOp;
import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * GatewayWorker's {@code CMD_SELECT} (GatewayClient's {@code getAllClientIdList},
 * {@code getClientIdListByGroup}, {@code getUidListByGroup} and the other listings): ext_data
 * {@code {"fields": [...], "where": {"groups": [...], "uid": [...], "connection_id": [...]}}};
 * the answer {@code [connection id => [field => value]]} for the connections matching any
 * condition (all of them without one), with the fields {@code uid} (or null), {@code groups}
 * ({@code [group => group]}) and {@code session} (the serialized string); another field is null.
 *
 * <p>Threading: any thread; one instance per query.
 */
final class InnerSelect {

  private final Function<JsonObject, Future<Object>> local;
  private final LongFunction<String> clientId;

  InnerSelect(Function<JsonObject, Future<Object>> local, LongFunction<String> clientId) {
    this.local = local;
    this.clientId = clientId;
  }

  Future<Map<Object, Object>> run(GatewayPacket packet) {
    if (!(PhpValues.json(packet) instanceof JsonObject ext)) {
      return Future.succeededFuture(Map.of()); // GatewayWorker answers an empty array
    }
    Set<String> fields = new LinkedHashSet<>(PhpValues.names(PhpValues.values(
        ext.getValue("fields"), "fields"), "fields").getList());
    Object where = ext.getValue("where");
    Future<JsonObject> byGroup = ask(RoutingOp.ALL_GROUP_IDS.request()).map(JsonObject.class::cast);
    Future<JsonObject> sessions = fields.contains("session")
        ? ask(RoutingOp.ALL_SESSIONS.request()).map(JsonObject.class::cast)
        : Future.succeededFuture(new JsonObject());
    return Future.all(byGroup, sessions).compose(all -> candidates(where, byGroup.result()))
        .compose(ids -> answer(ids, fields, byGroup.result(), sessions.result()));
  }

  /** @return the client ids matching a condition of {@code where}, or every client */
  private Future<Set<String>> candidates(Object where, JsonObject byGroup) {
    if (!(where instanceof JsonObject conditions) || conditions.isEmpty()) {
      return ask(RoutingOp.ALL_IDS.request()).map(ids -> InnerQueries.strings((JsonArray) ids));
    }
    Set<String> ids = new LinkedHashSet<>();
    List<Future<Object>> uidIds = new ArrayList<>();
    for (String key : conditions.fieldNames()) {
      List<Object> values = PhpValues.values(conditions.getValue(key), key);
      switch (key) {
        case "groups" -> PhpValues.names(values, key).forEach(group -> {
          JsonArray members = byGroup.getJsonArray((String) group);
          if (members != null) {
            ids.addAll(InnerQueries.strings(members));
          }
        });
        case "uid" -> PhpValues.names(values, key).forEach(uid -> uidIds.add(ask(
            RoutingOp.UID_IDS.request().put(RoutingProtocol.UID, uid))));
        case "connection_id" -> values.forEach(id -> ids.add(clientId.apply(
            PhpValues.connectionId(id))));
        default -> throw new IllegalArgumentException("select: unknown condition \"" + key
            + "\"");
      }
    }
    return Future.all(uidIds).map(all -> {
      uidIds.forEach(found -> ids.addAll(InnerQueries.strings((JsonArray) found.result())));
      return ids;
    });
  }

  private Future<Map<Object, Object>> answer(Set<String> ids, Set<String> fields,
      JsonObject byGroup, JsonObject sessions) {
    Map<String, Future<Object>> uids = new LinkedHashMap<>();
    Map<String, Future<Object>> online = new LinkedHashMap<>();
    for (String id : ids) {
      online.put(id, ask(RoutingOp.ONLINE.request().put(RoutingProtocol.CLIENT, id)));
      if (fields.contains("uid")) {
        uids.put(id, ask(RoutingOp.UID_OF.request().put(RoutingProtocol.CLIENT, id)));
      }
    }
    List<Future<Object>> waits = new ArrayList<>(online.values());
    waits.addAll(uids.values());
    return Future.all(waits).map(all -> {
      Map<String, Map<String, Object>> groupsOf = groupsOf(byGroup);
      Map<Object, Object> answer = new LinkedHashMap<>();
      for (String id : ids) {
        WorkermanClientId parsed = WorkermanClientId.parse(id);
        if (parsed == null || !Boolean.TRUE.equals(online.get(id).result())) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (String field : fields) {
          row.put(field, switch (field) {
            case "uid" -> uids.get(id).result();
            case "groups" -> groupsOf.getOrDefault(id, Map.of());
            case "session" -> sessions.getValue(id) instanceof JsonObject session
                ? PhpValues.serialized(session) : null;
            default -> null;
          });
        }
        answer.put(Long.toString(parsed.connectionId()), row);
      }
      return answer;
    });
  }

  /** @return each client's groups, as {@code [group => group]} */
  private static Map<String, Map<String, Object>> groupsOf(JsonObject byGroup) {
    Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    byGroup.forEach(entry -> {
      for (Object id : (JsonArray) entry.getValue()) {
        groups.computeIfAbsent((String) id, k -> new LinkedHashMap<>())
            .put(entry.getKey(), entry.getKey());
      }
    });
    return groups;
  }

  private Future<Object> ask(JsonObject request) {
    return local.apply(request);
  }
}
