package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Contexts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster views of a gateway node's status: {@code GET /status?cluster=true} and the status
 * listener's {@code GET /status/connections?cluster=true}. For the latter, a node's part (at most {@code limit} rows, the
 * number of its connections and whether rows were left out) and how the parts of every gateway
 * node merge, each row tagged with its node's id, the nodes that did not answer named.
 *
 * <p>Threading: any thread; each verticle's rows are read on its own context.
 */
final class StatusViews {

  /** The query parameter (and request key) bounding the rows of each node. */
  static final String LIMIT = "limit";
  /** The rows per node when the request names no {@link #LIMIT}: {@value}. */
  static final int DEFAULT_LIMIT = 1_000;
  /** The most rows per node a request may ask for: {@value} (about 3 MB of JSON per node). */
  static final int MAX_LIMIT = 10_000;

  private StatusViews() {
  }

  /**
   * What every gateway node answered.
   *
   * @param answered     the answers by node id, sorted
   * @param notAnswering the nodes that gave no answer in time, sorted
   */
  record Parts(Map<String, Object> answered, List<String> notAnswering) {
  }

  /**
   * @param value a request's {@link #LIMIT}: null (the default), a number or its decimal text
   * @return the rows per node
   * @throws IllegalArgumentException when it is not a whole number from 1 to {@link #MAX_LIMIT}
   */
  static int limit(Object value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    long limit;
    if (value instanceof Integer || value instanceof Long) {
      limit = ((Number) value).longValue();
    } else if (value instanceof String text && text.matches("[0-9]{1,6}")) {
      limit = Long.parseLong(text);
    } else {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    return (int) limit;
  }

  /**
   * A node's part: the rows of its verticles' connections, at most {@code limit} in all.
   *
   * @param servers the node's gateway verticles
   * @param limit   the most rows
   * @return {@code {"total": <connections>, "truncated": <rows left out>, "connections": [...]}}
   */
  static Future<JsonObject> nodeRows(List<GatewayServer> servers, int limit) {
    List<Future<List<JsonObject>>> parts = new ArrayList<>();
    long total = 0;
    for (GatewayServer server : servers) {
      parts.add(Contexts.call(server.context(), () -> server.describeConnections(limit)));
      total += server.connectionCount();
    }
    long connections = total;
    return Future.all(parts).map(all -> {
      JsonArray rows = new JsonArray();
      parts.forEach(part -> part.result().forEach(row -> {
        if (rows.size() < limit) {
          rows.add(row);
        }
      }));
      long counted = Math.max(connections, rows.size());
      return new JsonObject().put("total", counted).put("truncated", counted > rows.size())
          .put("connections", rows);
    });
  }

  /**
   * Merges the statuses of every gateway node ({@code GET /status?cluster=true}).
   *
   * @param parts each answering node's status, and the nodes that did not answer in time
   * @return {@code {"cluster": {"nodes": n, <counters summed>}, "nodes": {<id>: <its node
   *     entry>}, "notAnswering": [<id>]}}
   */
  static JsonObject statuses(Parts parts) {
    long[] sum = new long[Counter.ALL.length];
    JsonObject nodes = new JsonObject();
    parts.answered().forEach((id, answer) -> {
      JsonObject status = ((JsonObject) answer).getJsonObject("node");
      nodes.put(id, status);
      for (Counter counter : Counter.ALL) {
        sum[counter.ordinal()] += status.getLong(counter.key(), 0L);
      }
    });
    return new JsonObject().put("cluster", GatewayStats.toJson(sum,
        new JsonObject().put("nodes", nodes.size()))).put("nodes", nodes)
        .put("notAnswering", new JsonArray(new ArrayList<Object>(parts.notAnswering())));
  }

  /**
   * Merges the connection rows of every gateway node.
   *
   * @param parts each answering node's part, and the nodes that did not answer in time
   * @param limit the rows per node asked for
   * @return {@code {"limit", "nodes": {<id>: {"total", "rows", "truncated"}}, "notAnswering":
   *     [...], "connections": [<rows, each with "node">]}}
   */
  static JsonObject merge(Parts parts, int limit) {
    JsonObject nodes = new JsonObject();
    JsonArray rows = new JsonArray();
    parts.answered().forEach((node, answer) -> {
      JsonObject part = (JsonObject) answer;
      JsonArray connections = part.getJsonArray("connections", new JsonArray());
      connections.forEach(row -> rows.add(((JsonObject) row).put("node", node)));
      nodes.put(node, new JsonObject().put("total", part.getLong("total", 0L))
          .put("rows", connections.size()).put("truncated", part.getBoolean("truncated", false)));
    });
    return new JsonObject().put(LIMIT, limit).put("nodes", nodes)
        .put("notAnswering", new JsonArray(new ArrayList<Object>(parts.notAnswering())))
        .put("connections", rows);
  }
}
