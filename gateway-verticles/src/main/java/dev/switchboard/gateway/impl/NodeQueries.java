package dev.switchboard.gateway.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A gateway node's part of the cluster-wide listings and batch queries
 * ({@link dev.switchboard.gateway.GatewayQueries}), about its own open connections, and the
 * targets of its part of a send to several uids, groups or listed clients. Each answer is JSON,
 * bounded by {@link dev.switchboard.gateway.GatewayQueries#MAX_ANSWER_SIZE}.
 *
 * <p>Threading: any thread; the membership is read under its lock.
 */
final class NodeQueries {

  private final GatewayNode node;
  private final Membership membership;

  NodeQueries(GatewayNode node, Membership membership) {
    this.node = node;
    this.membership = membership;
  }

  /**
   * @param op   a query a node answers
   * @param body its request
   * @return the node's answer as JSON
   * @throws IllegalArgumentException when an argument is bad, or the answer too large
   */
  Object answer(RoutingOp op, JsonObject body) {
    Object answer = switch (op) {
      case ALL_IDS -> ids(node.openConnections());
      case ALL_SESSIONS -> sessions(node.openConnections());
      case GROUP_SESSIONS -> {
        String group = group(body);
        yield sessions(membership.read(index -> new ArrayList<>(members(index.groups(), group))));
      }
      case ALL_GROUPS -> membership.read(index -> new JsonArray(new ArrayList<Object>(
          index.groups().keySet())));
      case ALL_UIDS -> membership.read(index -> new JsonArray(new ArrayList<Object>(
          index.uids().keySet())));
      case GROUP_UIDS -> membership.read(index -> uidsOf(index, members(index.groups(),
          group(body))));
      case ALL_GROUP_UIDS -> membership.read(index -> {
        JsonObject byGroup = new JsonObject();
        new TreeMap<>(index.groups()).forEach((group, members) -> {
          JsonArray uids = uidsOf(index, members);
          if (!uids.isEmpty()) {
            byGroup.put(group, uids);
          }
        });
        return byGroup;
      });
      case ALL_GROUP_IDS -> membership.read(index -> {
        JsonObject byGroup = new JsonObject();
        new TreeMap<>(index.groups()).forEach((group, members) -> byGroup.put(group,
            ids(members)));
        return byGroup;
      });
      case ALL_GROUP_COUNTS -> membership.read(index -> {
        JsonObject byGroup = new JsonObject();
        new TreeMap<>(index.groups()).forEach((group, members) -> byGroup.put(group,
            members.size()));
        return byGroup;
      });
      case UIDS_IDS -> {
        Set<String> uids = RoutingProtocol.names(body, RoutingProtocol.UIDS);
        yield membership.read(index -> {
          JsonObject byUid = new JsonObject();
          uids.forEach(uid -> byUid.put(uid, ids(members(index.uids(), uid))));
          return byUid;
        });
      }
      case GROUPS_COUNTS -> {
        Set<String> groups = RoutingProtocol.names(body, RoutingProtocol.GROUPS);
        yield membership.read(index -> {
          JsonObject byGroup = new JsonObject();
          groups.forEach(group -> byGroup.put(group, members(index.groups(), group).size()));
          return byGroup;
        });
      }
      default -> throw new IllegalArgumentException("unknown routing operation '"
          + op.wireName() + "'");
    };
    return Answers.bounded(answer, op.wireName());
  }

  /**
   * @param body a send's request with {@code uids}, {@code groups} or {@code clients}, or none
   *             (every connection), and maybe {@code exclude}
   * @return the node's connections it goes to, each once
   * @throws IllegalArgumentException when an argument is bad
   */
  List<ConnectionBase> targets(JsonObject body) {
    Set<String> excluded = RoutingProtocol.excluded(body);
    Collection<ConnectionBase> targets;
    if (body.containsKey(RoutingProtocol.UIDS)) {
      targets = union(RoutingProtocol.names(body, RoutingProtocol.UIDS), false);
    } else if (body.containsKey(RoutingProtocol.GROUPS)) {
      targets = union(RoutingProtocol.names(body, RoutingProtocol.GROUPS), true);
    } else if (body.containsKey(RoutingProtocol.CLIENTS)) {
      targets = new ArrayList<>();
      for (String id : RoutingProtocol.names(body, RoutingProtocol.CLIENTS)) {
        ConnectionBase connection = node.local(id);
        if (connection != null && connection.isOpen()) {
          targets.add(connection);
        }
      }
    } else {
      targets = node.openConnections();
    }
    List<ConnectionBase> kept = new ArrayList<>(targets.size());
    targets.forEach(target -> {
      if (!excluded.contains(target.id())) {
        kept.add(target);
      }
    });
    return kept;
  }

  /** @return the members of any of the uids or groups, each once */
  private Collection<ConnectionBase> union(Set<String> names, boolean groups) {
    return membership.read(index -> {
      Set<ConnectionBase> all = new LinkedHashSet<>();
      names.forEach(name -> all.addAll(members(groups ? index.groups() : index.uids(), name)));
      return all;
    });
  }

  private static String group(JsonObject body) {
    String group = body.getString(RoutingProtocol.GROUP);
    if (group == null || group.isEmpty()) {
      throw new IllegalArgumentException("group missing");
    }
    return group;
  }

  private static Set<ConnectionBase> members(Map<String, Set<ConnectionBase>> index, String key) {
    return index.getOrDefault(key, Set.of());
  }

  private static JsonArray ids(Collection<ConnectionBase> connections) {
    JsonArray ids = new JsonArray();
    connections.forEach(connection -> ids.add(connection.id()));
    return ids;
  }

  /** @return the distinct uids of the connections; under the membership's lock */
  private static JsonArray uidsOf(Membership.Index index, Collection<ConnectionBase> members) {
    Set<String> uids = new TreeSet<>();
    members.forEach(member -> {
      ClientState state = index.clients().get(member);
      if (state != null && state.uid != null) {
        uids.add(state.uid);
      }
    });
    return new JsonArray(new ArrayList<Object>(uids));
  }

  /** @return the sessions of the connections, by id (an empty object for none) */
  private JsonObject sessions(Collection<ConnectionBase> connections) {
    return membership.read(index -> {
      JsonObject sessions = new JsonObject();
      connections.forEach(connection -> {
        ClientState state = index.clients().get(connection);
        // a session is replaced, never changed in place: the answer's copy is taken later
        sessions.put(connection.id(), state == null ? new JsonObject() : state.session);
      });
      return sessions;
    });
  }
}
