package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.gateway.impl.RoutingOp;
import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
 * The queries of GatewayWorker's protocol about this node's clients, answered as a Workerman
 * gateway answers them: {@code pack('N', len) . serialize(result)}, clients named by their
 * connection ids at this node's address (GatewayClient turns them into client ids), a session as
 * the serialized string GatewayWorker keeps.
 *
 * <p>Threading: any thread.
 */
final class InnerQueries {

  private final Function<JsonObject, Future<Object>> local;
  private final LongFunction<String> clientId;

  /**
   * @param local    answers a routing request about this node's connections
   * @param clientId the client id of a connection id at this node's address
   */
  InnerQueries(Function<JsonObject, Future<Object>> local, LongFunction<String> clientId) {
    this.local = local;
    this.clientId = clientId;
  }

  /**
   * @param packet a query ({@link GatewayCommand#isQuery})
   * @return its reply
   * @throws IllegalArgumentException when its ext_data is malformed
   */
  Future<Buffer> run(GatewayPacket packet) {
    String client = clientId.apply(packet.connectionId());
    return switch (packet.cmd()) {
      case GatewayCommand.IS_ONLINE -> ask(RoutingOp.ONLINE.request()
          .put(RoutingProtocol.CLIENT, client))
          .map(online -> PhpValues.reply(Boolean.TRUE.equals(online) ? 1 : 0));
      case GatewayCommand.GET_SESSION_BY_CLIENT_ID -> ask(RoutingOp.SESSION_GET.request()
          .put(RoutingProtocol.CLIENT, client))
          .map(session -> GatewayProtocol.reply(PhpValues.serialized((JsonObject) session)));
      case GatewayCommand.GET_ALL_CLIENT_SESSIONS -> ask(RoutingOp.ALL_SESSIONS.request())
          .map(sessions -> PhpValues.reply(sessionStrings((JsonObject) sessions)));
      case GatewayCommand.GET_CLIENT_SESSIONS_BY_GROUP -> ask(RoutingOp.GROUP_SESSIONS.request()
          .put(RoutingProtocol.GROUP, PhpValues.name(packet, "group")))
          .map(sessions -> PhpValues.reply(sessionStrings((JsonObject) sessions)));
      case GatewayCommand.GET_CLIENT_COUNT_BY_GROUP -> packet.extData().length() == 0
          ? ask(RoutingOp.COUNT_ALL.request()).map(PhpValues::reply)
          : ask(RoutingOp.GROUP_IDS.request().put(RoutingProtocol.GROUP, packet.extText()))
              .map(ids -> PhpValues.reply(((JsonArray) ids).size()));
      case GatewayCommand.GET_CLIENT_ID_BY_UID -> ask(RoutingOp.UID_IDS.request()
          .put(RoutingProtocol.UID, PhpValues.name(packet, "uid")))
          .map(ids -> PhpValues.reply(connectionIds((JsonArray) ids)));
      case GatewayCommand.BATCH_GET_CLIENT_ID_BY_UID -> ask(RoutingOp.UIDS_IDS.request()
          .put(RoutingProtocol.UIDS, batch(packet, "uids")))
          .map(byUid -> PhpValues.reply(mapValues((JsonObject) byUid, false,
              ids -> connectionIds((JsonArray) ids))));
      case GatewayCommand.BATCH_GET_CLIENT_COUNT_BY_GROUP -> ask(RoutingOp.GROUPS_COUNTS
          .request().put(RoutingProtocol.GROUPS, batch(packet, "groups")))
          .map(PhpValues::reply);
      case GatewayCommand.GET_GROUP_ID_LIST -> ask(RoutingOp.ALL_GROUPS.request())
          .map(PhpValues::reply);
      case GatewayCommand.SELECT -> new InnerSelect(local, clientId).run(packet)
          .map(PhpValues::reply);
      default -> throw new IllegalArgumentException("unknown command " + packet.cmd());
    };
  }

  private Future<Object> ask(JsonObject request) {
    return local.apply(request);
  }

  private static JsonArray batch(GatewayPacket packet, String what) {
    JsonArray names = PhpValues.names(PhpValues.values(PhpValues.json(packet), what), what);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(what + " (ext_data) is empty");
    }
    return names;
  }

  /** @return {@code {client id: session}} as {@code [connection id => serialize(session)]} */
  static Map<Object, Object> sessionStrings(JsonObject sessions) {
    return mapValues(sessions, true, session -> PhpValues.serialized((JsonObject) session));
  }

  /** @return the client ids as connection ids (those at another address left out) */
  static List<Object> connectionIds(JsonArray ids) {
    List<Object> connections = new ArrayList<>(ids.size());
    for (Object id : ids) {
      WorkermanClientId parsed = WorkermanClientId.parse((String) id);
      if (parsed != null) {
        connections.add(parsed.connectionId());
      }
    }
    return connections;
  }

  /**
   * @param clients whether the keys are client ids: they become connection ids (and one at
   *                another address is left out)
   * @return {@code [key => f(value)]}
   */
  private static Map<Object, Object> mapValues(JsonObject byKey, boolean clients,
      Function<Object, Object> f) {
    Map<Object, Object> out = new LinkedHashMap<>();
    byKey.forEach(entry -> {
      if (!clients) {
        out.put(entry.getKey(), f.apply(entry.getValue()));
        return;
      }
      WorkermanClientId parsed = WorkermanClientId.parse(entry.getKey());
      if (parsed != null) {
        out.put(Long.toString(parsed.connectionId()), f.apply(entry.getValue()));
      }
    });
    return out;
  }

  /** @return distinct strings of a JSON array */
  static Set<String> strings(JsonArray array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(value -> out.add(String.valueOf(value)));
    return out;
  }
}
