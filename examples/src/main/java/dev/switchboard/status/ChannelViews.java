package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live frame of {@code bin/channel-status -d}: one row per channel server of the node and the
 * node's sum, or with {@code --cluster} one row per node (its servers summed) and the cluster's
 * sum; rates per second between two readings. Keys: docs/channel.md.
 *
 * <p>Threading: pure functions.
 */
final class ChannelViews {

  /** The counters of a server that are summed over a node's servers and over the nodes. */
  private static final List<String> SUMMED = List.of("connections", "subscriptions",
      "publishesIn", "eventsOut", "sendFail", "drops", "bytesIn", "bytesOut", "pendingBytes");

  /** The figures of the live view: counters and their rates per second. */
  static final List<LiveFrame.Figure> LIVE_FIGURES = List.of(
      LiveFrame.Figure.value("connections", "connections"),
      LiveFrame.Figure.value("subscriptions", "subscriptions"),
      LiveFrame.Figure.rate("publishes_in/s", "publishesIn"),
      LiveFrame.Figure.rate("events_out/s", "eventsOut"),
      LiveFrame.Figure.value("send_fail", "sendFail"),
      LiveFrame.Figure.rate("send_fail/s", "sendFail"),
      LiveFrame.Figure.rate("bytes_in/s", "bytesIn"),
      LiveFrame.Figure.rate("bytes_out/s", "bytesOut"),
      LiveFrame.Figure.rate("to_nodes/s", "eventsToNodes"),
      LiveFrame.Figure.value("pending", "pendingBytes"));

  private ChannelViews() {
  }

  /**
   * @param server    where the readings come from
   * @param before    the previous reading (a node's status, or a cluster status), or null
   * @param after     this reading
   * @param elapsedMs the time between them, ms
   * @return the frame, without the terminal's clear sequence
   */
  static String live(Address server, JsonObject before, JsonObject after, long elapsedMs) {
    boolean cluster = after.containsKey("nodes");
    StringBuilder out = new StringBuilder(Table.rule(cluster ? "LIVE CHANNEL CLUSTER STATUS"
        : "LIVE CHANNEL STATUS"));
    out.append(String.format("Switchboard channel server %s%s   %s   Ctrl-C stops%n", server,
        cluster ? "" : ", node " + after.getString("node"), LiveFrame.period(before, elapsedMs)));
    out.append(LiveFrame.table(LIVE_FIGURES, before == null ? null : rows(before), rows(after),
        elapsedMs));
    List<Object> missing = after.getJsonArray("notAnswering", new io.vertx.core.json.JsonArray())
        .getList();
    if (!missing.isEmpty()) {
      out.append("not answering within 3 s: ").append(String.join(", ",
          missing.stream().map(String::valueOf).toList())).append('\n');
    }
    return out.toString();
  }

  /** @return the rows of a reading by id: servers and Node, or nodes and Cluster */
  static Map<String, JsonObject> rows(JsonObject status) {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    if (status.containsKey("nodes")) {
      JsonObject cluster = new JsonObject();
      status.getJsonObject("nodes").forEach(entry -> {
        JsonObject node = nodeRow((JsonObject) entry.getValue());
        rows.put(entry.getKey(), node);
        add(cluster, node, "eventsToNodes");
      });
      rows.put("Cluster", cluster);
    } else {
      status.getJsonObject("servers", new JsonObject()).forEach(entry ->
          rows.put(entry.getKey(), (JsonObject) entry.getValue()));
      rows.put("Node", nodeRow(status));
    }
    return rows;
  }

  /** @return a node's servers summed, with the node's own {@code eventsToNodes} */
  private static JsonObject nodeRow(JsonObject node) {
    JsonObject sum = new JsonObject().put("eventsToNodes", node.getLong("eventsToNodes", 0L));
    node.getJsonObject("servers", new JsonObject()).forEach(entry ->
        add(sum, (JsonObject) entry.getValue(), null));
    return sum;
  }

  private static void add(JsonObject sum, JsonObject counters, String extra) {
    for (String key : SUMMED) {
      sum.put(key, sum.getLong(key, 0L) + counters.getLong(key, 0L));
    }
    if (extra != null) {
      sum.put(extra, sum.getLong(extra, 0L) + counters.getLong(extra, 0L));
    }
  }
}
