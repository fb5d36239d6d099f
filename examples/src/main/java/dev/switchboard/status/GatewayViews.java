package dev.switchboard.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bin/gateway-status} prints, from the gateway's status JSON: Workerman's
 * {@code status} and {@code connections} tables, their cluster-wide forms, and the live frame of
 * {@code -d}. Columns: docs/gateway.md.
 *
 * <p>Threading: pure functions.
 */
final class GatewayViews {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private static final List<Table.Column> VERTICLE_COLUMNS = columns(
      "id", "id", "port", "port", "connections", "connections", "total", "connectionsTotal",
      "total_request", "totalRequest", "messages_out", "messagesOut", "send_fail", "sendFail",
      "dropped", "dropped", "buffer_full", "bufferFull", "slow", "slowDisconnects",
      "bytes_in", "bytesIn", "bytes_out", "bytesOut", "pending", "pendingBytes",
      "heartbeat", "heartbeatCloses", "auth", "authCloses", "refused", "refused",
      "errors", "protocolErrors", "exceptions", "exceptions");

  private static final List<Table.Column> CONNECTION_COLUMNS = columns(
      "Id", "id", "Protocol", "protocol", "Foreign Address", "remoteAddress", "Recv-Q", "recvQ",
      "Send-Q", "sendQ", "Bytes-R", "bytesRead", "Bytes-W", "bytesWritten", "Status", "state");

  /** The figures of the live view: counters and their rates per second. */
  static final List<LiveFrame.Figure> LIVE_FIGURES = List.of(
      LiveFrame.Figure.value("connections", "connections"),
      LiveFrame.Figure.value("total_request", "totalRequest"),
      LiveFrame.Figure.rate("qps_in", "totalRequest"),
      LiveFrame.Figure.rate("messages_out/s", "messagesOut"),
      LiveFrame.Figure.value("send_fail", "sendFail"),
      LiveFrame.Figure.rate("send_fail/s", "sendFail"),
      LiveFrame.Figure.rate("bytes_in/s", "bytesIn"),
      LiveFrame.Figure.rate("bytes_out/s", "bytesOut"),
      LiveFrame.Figure.value("pending", "pendingBytes"));

  private GatewayViews() {
  }

  /** @return Workerman's {@code status} of one node, from {@code GET /status} */
  static String status(Address server, JsonObject status) {
    JsonObject node = status.getJsonObject("node");
    long uptime = node.getLong("uptimeMs") / 1000;
    StringBuilder out = new StringBuilder(Table.rule("GLOBAL STATUS"));
    out.append(String.format("Switchboard gateway %s   start time: %s   run %d days %d hours %d"
        + " minutes%n", server, TIME.format(Instant.ofEpochMilli(node.getLong("startedAt"))),
        uptime / 86_400, uptime / 3_600 % 24, uptime / 60 % 60));
    out.append(String.format("%d verticles   %d connections   heap %d MB / %d MB   %d"
        + " processors%n", node.getInteger("verticles"), node.getLong("connections"),
        node.getLong("heapUsed") >> 20, node.getLong("heapMax") >> 20,
        node.getInteger("processors")));
    out.append(Table.rule("VERTICLE STATUS"));
    List<JsonObject> rows = new ArrayList<>();
    status.getJsonArray("verticles").forEach(row -> rows.add((JsonObject) row));
    rows.add(node.copy().put("id", "Summary").put("port", ""));
    return out.append(Table.render(VERTICLE_COLUMNS, rows)).toString();
  }

  /** @return every node's counters, from {@code GET /status?cluster=true} */
  static String clusterStatus(Address server, JsonObject status) {
    StringBuilder out = new StringBuilder(Table.rule("CLUSTER STATUS"));
    out.append(String.format("Switchboard gateway cluster, asked at %s   %d nodes%n", server,
        status.getJsonObject("cluster").getInteger("nodes")));
    List<JsonObject> rows = new ArrayList<>();
    status.getJsonObject("nodes").forEach(entry -> rows.add(((JsonObject) entry.getValue()).copy()
        .put("id", entry.getKey()).put("port", "")));
    rows.add(status.getJsonObject("cluster").copy().put("id", "Cluster").put("port", ""));
    out.append(Table.render(VERTICLE_COLUMNS, rows));
    return out.append(notAnswering(status)).toString();
  }

  /** @return Workerman's {@code connections}, from {@code GET /status/connections} */
  static String connections(JsonArray connections) {
    List<JsonObject> rows = new ArrayList<>();
    connections.forEach(row -> rows.add((JsonObject) row));
    return Table.render(CONNECTION_COLUMNS, rows);
  }

  /** @return every node's connections, from {@code GET /status/connections?cluster=true} */
  static String clusterConnections(JsonObject view) {
    List<Table.Column> columns = new ArrayList<>();
    columns.add(new Table.Column("Node", "node"));
    columns.addAll(CONNECTION_COLUMNS);
    List<JsonObject> rows = new ArrayList<>();
    view.getJsonArray("connections").forEach(row -> rows.add((JsonObject) row));
    StringBuilder out = new StringBuilder(Table.render(columns, rows));
    view.getJsonObject("nodes").forEach(entry -> {
      JsonObject node = (JsonObject) entry.getValue();
      if (node.getBoolean("truncated", false)) {
        out.append(String.format("node %s: %d of %d connections shown (limit %d)%n",
            entry.getKey(), node.getInteger("rows"), node.getLong("total"),
            view.getInteger("limit")));
      }
    });
    return out.append(notAnswering(view)).toString();
  }

  /**
   * The live frame of {@code -d}: one row per verticle and the node's summary (or, for a cluster
   * reading, per node and the cluster's), rates per second between two readings.
   *
   * @param server    where the readings come from
   * @param before    the previous reading, or null
   * @param after     this reading
   * @param elapsedMs the time between them, ms
   * @return the frame, without the terminal's clear sequence
   */
  static String live(Address server, JsonObject before, JsonObject after, long elapsedMs) {
    boolean cluster = after.containsKey("cluster");
    StringBuilder out = new StringBuilder(Table.rule(cluster ? "LIVE CLUSTER STATUS"
        : "LIVE STATUS"));
    out.append(String.format("Switchboard gateway %s   %s   Ctrl-C stops%n", server,
        LiveFrame.period(before, elapsedMs)));
    out.append(LiveFrame.table(LIVE_FIGURES, before == null ? null : rows(before), rows(after),
        elapsedMs));
    return out.append(notAnswering(after)).toString();
  }

  /** @return the rows of a reading by id: verticles and Summary, or nodes and Cluster */
  static Map<String, JsonObject> rows(JsonObject status) {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    if (status.containsKey("cluster")) {
      status.getJsonObject("nodes").forEach(entry -> rows.put(entry.getKey(),
          (JsonObject) entry.getValue()));
      rows.put("Cluster", status.getJsonObject("cluster"));
    } else {
      status.getJsonArray("verticles").forEach(row -> rows.put(String.valueOf(
          ((JsonObject) row).getValue("id")), (JsonObject) row));
      rows.put("Summary", status.getJsonObject("node"));
    }
    return rows;
  }

  private static String notAnswering(JsonObject view) {
    JsonArray missing = view.getJsonArray("notAnswering", new JsonArray());
    return missing.isEmpty() ? "" : "not answering within 3 s: " + String.join(", ",
        missing.stream().map(String::valueOf).toList()) + "\n";
  }

  private static List<Table.Column> columns(String... headersAndKeys) {
    List<Table.Column> columns = new ArrayList<>();
    for (int i = 0; i < headersAndKeys.length; i += 2) {
      columns.add(new Table.Column(headersAndKeys[i], headersAndKeys[i + 1]));
    }
    return columns;
  }
}
