package dev.switchboard.gateway.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The cluster-wide side of the {@link dev.switchboard.gateway.GatewayQueries} calls and of the
 * sends to several targets: which nodes to ask (every gateway node, the nodes holding a group,
 * or for a batch each node with the names it holds), and how their answers merge into one, in
 * JSON, sorted. Nodes that do not answer in time are left out; a node's refusal (a bad request,
 * an answer too large) fails a query.
 *
 * <p>Threading: any thread.
 */
final class ClusterQueries {

  /** Asks each node its own request; the answers by node, of the nodes that answered. */
  interface Asker {
    Future<Map<String, Object>> ask(Map<String, JsonObject> requests, boolean strict);
  }

  private final Asker asker;
  private final Function<String, List<String>> nodesFor;
  private final Function<String, String> nodeOf;

  /**
   * @param asker    asks nodes
   * @param nodesFor the nodes subscribed to a channel
   * @param nodeOf   the node holding a client id, or null when no node holds its address
   */
  ClusterQueries(Asker asker, Function<String, List<String>> nodesFor,
      Function<String, String> nodeOf) {
    this.asker = asker;
    this.nodesFor = nodesFor;
    this.nodeOf = nodeOf;
  }

  /**
   * @param request a query's request; its arguments are checked
   * @return its answer as JSON
   * @throws IllegalArgumentException when the query or an argument is bad
   */
  Future<Object> query(JsonObject request) {
    RoutingOp op = RoutingOp.of(RoutingOp.wireNameOf(request));
    if (op == null) {
      throw new IllegalArgumentException("unknown gateway call '" + RoutingOp.wireNameOf(request)
          + "'");
    }
    String wire = op.wireName();
    return switch (op) {
      case ALL_IDS -> everyNode(op).map(parts -> bounded(sorted(concat(parts)), wire));
      case ALL_SESSIONS -> everyNode(op).map(parts -> bounded(merge(parts), wire));
      case GROUP_SESSIONS -> groupNodes(op, request).map(parts -> bounded(merge(parts), wire));
      case ALL_GROUPS, ALL_UIDS -> everyNode(op).map(parts -> bounded(union(parts), wire));
      case UID_COUNT_ALL -> everyNode(RoutingOp.ALL_UIDS).map(parts -> union(parts).size());
      case GROUP_UIDS -> groupNodes(op, request).map(parts -> bounded(union(parts), wire));
      case GROUP_UID_COUNT -> groupNodes(RoutingOp.GROUP_UIDS, request)
          .map(parts -> union(parts).size());
      case ALL_GROUP_UIDS -> everyNode(op).map(parts -> bounded(mergeLists(parts, true), wire));
      case ALL_GROUP_UID_COUNTS -> everyNode(RoutingOp.ALL_GROUP_UIDS)
          .map(parts -> sizes(mergeLists(parts, true)));
      case ALL_GROUP_IDS -> everyNode(op).map(parts -> bounded(mergeLists(parts, false), wire));
      case ALL_GROUP_COUNTS -> everyNode(op).map(parts -> sums(parts, Set.of()));
      case UIDS_IDS -> batch(op, request, RoutingProtocol.UIDS, RoutingProtocol::uidChannel)
          .map(parts -> bounded(mergeLists(parts, false, askedFor(request,
              RoutingProtocol.UIDS)), wire));
      case UIDS_ONLINE -> batch(RoutingOp.UIDS_IDS, request, RoutingProtocol.UIDS,
          RoutingProtocol::uidChannel).map(parts -> online(mergeLists(parts, false,
              askedFor(request, RoutingProtocol.UIDS))));
      case GROUPS_COUNTS -> batch(op, request, RoutingProtocol.GROUPS,
          RoutingProtocol::groupChannel).map(parts -> sums(parts, askedFor(request,
              RoutingProtocol.GROUPS)));
      default -> throw new IllegalArgumentException("not a gateway query: '" + wire + "'");
    };
  }

  /**
   * The nodes a send to several targets goes to, each with its own request: for listed clients
   * the nodes named by their ids (gateway nodes only), for uids or groups the nodes holding
   * some, for everyone every gateway node; the excluded ids go to their own nodes only.
   *
   * @param request the send's request; its arguments are checked
   * @return the request of each node to ask
   * @throws IllegalArgumentException when an argument is bad
   */
  Map<String, JsonObject> sendTargets(JsonObject request) {
    RoutingProtocol.rawMessage(request);
    Set<String> excluded = RoutingProtocol.excluded(request);
    Map<String, JsonObject> targets = new LinkedHashMap<>();
    if (request.containsKey(RoutingProtocol.UIDS)) {
      split(RoutingProtocol.names(request, RoutingProtocol.UIDS), RoutingProtocol::uidChannel)
          .forEach((node, uids) -> targets.put(node, send(request, node, excluded)
              .put(RoutingProtocol.UIDS, new JsonArray(uids))));
    } else if (request.containsKey(RoutingProtocol.GROUPS)) {
      split(RoutingProtocol.names(request, RoutingProtocol.GROUPS), RoutingProtocol::groupChannel)
          .forEach((node, groups) -> targets.put(node, send(request, node, excluded)
              .put(RoutingProtocol.GROUPS, new JsonArray(groups))));
    } else if (request.containsKey(RoutingProtocol.CLIENTS)) {
      List<String> gateways = nodesFor.apply(RoutingProtocol.ALL);
      Map<String, List<Object>> byNode = new LinkedHashMap<>();
      for (String id : RoutingProtocol.names(request, RoutingProtocol.CLIENTS)) {
        String node = nodeOf.apply(id);
        if (!excluded.contains(id) && node != null && gateways.contains(node)) {
          byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(id);
        }
      }
      byNode.forEach((node, ids) -> targets.put(node, send(request, node, Set.of())
          .put(RoutingProtocol.CLIENTS, new JsonArray(ids))));
    } else {
      nodesFor.apply(RoutingProtocol.ALL).forEach(node -> targets.put(node,
          send(request, node, excluded)));
    }
    return targets;
  }

  /** @return a node's part of a send: the op, the message, the excluded ids of that node */
  private JsonObject send(JsonObject request, String node, Set<String> excluded) {
    JsonObject part = RoutingProtocol.withMessage(new JsonObject().put(RoutingProtocol.OP,
        RoutingOp.wireNameOf(request)), RoutingProtocol.rawMessage(request));
    List<Object> ofNode = new ArrayList<>();
    excluded.stream().filter(id -> node.equals(nodeOf.apply(id))).forEach(ofNode::add);
    return ofNode.isEmpty() ? part : part.put(RoutingProtocol.EXCLUDE, new JsonArray(ofNode));
  }

  // ---- whom to ask ----------------------------------------------------------------------------

  private Future<Map<String, Object>> everyNode(RoutingOp op) {
    return askAll(nodesFor.apply(RoutingProtocol.ALL), op.request());
  }

  private Future<Map<String, Object>> groupNodes(RoutingOp op, JsonObject request) {
    String group = RoutingProtocol.name(request.getString(RoutingProtocol.GROUP));
    return askAll(nodesFor.apply(RoutingProtocol.groupChannel(group)), op.request()
        .put(RoutingProtocol.GROUP, group));
  }

  private Future<Map<String, Object>> askAll(List<String> nodes, JsonObject request) {
    Map<String, JsonObject> requests = new LinkedHashMap<>();
    nodes.forEach(node -> requests.put(node, request));
    return asker.ask(requests, true);
  }

  /** Asks each node holding some of the names about those it holds. */
  private Future<Map<String, Object>> batch(RoutingOp op, JsonObject request, String key,
      Function<String, String> channel) {
    Map<String, JsonObject> requests = new LinkedHashMap<>();
    split(RoutingProtocol.names(request, key), channel).forEach((node, names) ->
        requests.put(node, op.request().put(key, new JsonArray(names))));
    return asker.ask(requests, true);
  }

  /** @return for each node holding some of the names, those names */
  private Map<String, List<Object>> split(Collection<String> names,
      Function<String, String> channel) {
    Map<String, List<Object>> byNode = new LinkedHashMap<>();
    for (String name : names) {
      for (String node : nodesFor.apply(channel.apply(name))) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(name);
      }
    }
    return byNode;
  }

  private static Set<String> askedFor(JsonObject request, String key) {
    return RoutingProtocol.names(request, key);
  }

  // ---- how answers merge ----------------------------------------------------------------------

  private static <T> T bounded(T json, String op) {
    return Answers.bounded(json, op);
  }

  private static List<String> concat(Map<String, Object> parts) {
    List<String> all = new ArrayList<>();
    parts.values().forEach(part -> ((JsonArray) part).forEach(item -> all.add((String) item)));
    return all;
  }

  private static JsonArray sorted(List<String> items) {
    items.sort(null);
    return new JsonArray(new ArrayList<Object>(items));
  }

  private static JsonArray union(Map<String, Object> parts) {
    return new JsonArray(new ArrayList<Object>(new TreeSet<>(concat(parts))));
  }

  private static JsonObject merge(Map<String, Object> parts) {
    Map<String, Object> all = new TreeMap<>();
    parts.values().forEach(part -> all.putAll(((JsonObject) part).getMap()));
    return new JsonObject(new LinkedHashMap<>(all));
  }

  private static JsonObject mergeLists(Map<String, Object> parts, boolean distinct) {
    return mergeLists(parts, distinct, Set.of());
  }

  /** Merges node answers {key: [names]}; every key asked for is in the result. */
  private static JsonObject mergeLists(Map<String, Object> parts, boolean distinct,
      Set<String> askedFor) {
    Map<String, Collection<String>> all = new TreeMap<>();
    askedFor.forEach(key -> all.put(key, distinct ? new TreeSet<>() : new ArrayList<>()));
    parts.values().forEach(part -> ((JsonObject) part).forEach(entry -> {
      Collection<String> names = all.computeIfAbsent(entry.getKey(),
          k -> distinct ? new TreeSet<>() : new ArrayList<>());
      ((JsonArray) entry.getValue()).forEach(name -> names.add((String) name));
    }));
    JsonObject merged = new JsonObject();
    all.forEach((key, names) -> {
      List<String> list = new ArrayList<>(names);
      merged.put(key, sorted(list));
    });
    return merged;
  }

  private static JsonObject sizes(JsonObject lists) {
    JsonObject sizes = new JsonObject();
    lists.forEach(entry -> sizes.put(entry.getKey(), ((JsonArray) entry.getValue()).size()));
    return sizes;
  }

  private static JsonObject online(JsonObject lists) {
    JsonObject online = new JsonObject();
    lists.forEach(entry -> online.put(entry.getKey(), !((JsonArray) entry.getValue()).isEmpty()));
    return online;
  }

  /** Sums node answers {key: count}; every key asked for is in the result. */
  private static JsonObject sums(Map<String, Object> parts, Set<String> askedFor) {
    Map<String, Integer> all = new TreeMap<>();
    askedFor.forEach(key -> all.put(key, 0));
    parts.values().forEach(part -> ((JsonObject) part).forEach(entry -> all.merge(
        entry.getKey(), ((Number) entry.getValue()).intValue(), Integer::sum)));
    return new JsonObject(new LinkedHashMap<>(all));
  }
}
