package dev.switchboard.gateway.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code bin/gateway-status [host:port] [connections]}: prints a running gateway node's status as
 * Workerman's {@code status} and {@code connections} commands do, from {@code GET /status} and
 * {@code GET /status/connections} (the latter on the status listener only, option {@code
 * statusPort}: give its address). Columns: docs/gateway.md.
 */
public final class StatusCommand {

  private static final String DEFAULT_SERVER = "127.0.0.1:8282";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** The verticle table: column header, status key (null for the verticle's ports). */
  private static final List<String[]> VERTICLE_COLUMNS = List.of(
      new String[] {"id", "id"}, new String[] {"port", "port"},
      new String[] {"connections", "connections"}, new String[] {"total", "connectionsTotal"},
      new String[] {"total_request", "totalRequest"}, new String[] {"send_fail", "sendFail"},
      new String[] {"dropped", "dropped"}, new String[] {"buffer_full", "bufferFull"},
      new String[] {"slow", "slowDisconnects"}, new String[] {"bytes_in", "bytesIn"},
      new String[] {"bytes_out", "bytesOut"}, new String[] {"pending", "pendingBytes"},
      new String[] {"heartbeat", "heartbeatCloses"}, new String[] {"auth", "authCloses"},
      new String[] {"refused", "refused"}, new String[] {"errors", "protocolErrors"},
      new String[] {"exceptions", "exceptions"});

  private static final List<String[]> CONNECTION_COLUMNS = List.of(
      new String[] {"Id", "id"}, new String[] {"Protocol", "protocol"},
      new String[] {"Foreign Address", "remoteAddress"}, new String[] {"Recv-Q", "recvQ"},
      new String[] {"Send-Q", "sendQ"}, new String[] {"Bytes-R", "bytesRead"},
      new String[] {"Bytes-W", "bytesWritten"}, new String[] {"Status", "state"});

  private StatusCommand() {
  }

  /**
   * @param args the node's HTTP address ({@code host:port}, default 127.0.0.1:8282), then
   *             optionally {@code connections}
   */
  public static void main(String[] args) {
    String server = args.length > 0 && !args[0].equals("connections") ? args[0] : DEFAULT_SERVER;
    boolean connections = List.of(args).contains("connections");
    try {
      if (connections) {
        printConnections(new JsonArray(get(server, "/status/connections")), System.out);
      } else {
        printStatus(server, new JsonObject(get(server, "/status")), System.out);
      }
      System.exit(0);
    } catch (Exception e) {
      System.err.println("gateway-status: " + server + ": " + e);
      System.exit(1);
    }
  }

  private static String get(String server, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://" + server + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static void printStatus(String server, JsonObject status, PrintStream out) {
    JsonObject node = status.getJsonObject("node");
    long uptime = node.getLong("uptimeMs") / 1000;
    out.println(rule("GLOBAL STATUS"));
    out.printf("Switchboard gateway %s   start time: %s   run %d days %d hours %d minutes%n", server,
        TIME.format(Instant.ofEpochMilli(node.getLong("startedAt"))), uptime / 86_400,
        uptime / 3_600 % 24, uptime / 60 % 60);
    out.printf("%d verticles   %d connections   heap %d MB / %d MB   %d processors%n",
        node.getInteger("verticles"), node.getLong("connections"),
        node.getLong("heapUsed") >> 20, node.getLong("heapMax") >> 20,
        node.getInteger("processors"));
    out.println(rule("VERTICLE STATUS"));
    JsonArray rows = new JsonArray();
    status.getJsonArray("verticles").forEach(rows::add);
    rows.add(node.copy().put("id", "Summary").put("port", ""));
    table(VERTICLE_COLUMNS, rows, out);
  }

  static void printConnections(JsonArray connections, PrintStream out) {
    table(CONNECTION_COLUMNS, connections, out);
  }

  private static void table(List<String[]> columns, JsonArray rows, PrintStream out) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c)[0].length();
      for (Object row : rows) {
        widths[c] = Math.max(widths[c], cell((JsonObject) row, columns.get(c)[1]).length());
      }
    }
    StringBuilder header = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      header.append(pad(columns.get(c)[0], widths[c]));
    }
    out.println(header.toString().stripTrailing());
    for (Object row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        line.append(pad(cell((JsonObject) row, columns.get(c)[1]), widths[c]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String cell(JsonObject row, String key) {
    Object value = row.getValue(key);
    return value == null ? "-" : value.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length() + 2);
  }

  private static String rule(String title) {
    String side = "-".repeat(30);
    return side + " " + title + " " + side;
  }
}
