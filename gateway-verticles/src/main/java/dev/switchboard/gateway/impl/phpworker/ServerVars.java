package dev.switchboard.gateway.impl.phpworker;

import dev.switchboard.gateway.Handshake;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The body of {@code CMD_ON_WEBSOCKET_CONNECT} as a Workerman gateway sends it to
 * {@code Events::onWebSocketConnect($client_id, $data)}: {@code ['get' => query parameters,
 * 'server' => $_SERVER-like entries, 'cookie' => cookies]}, made from the client's handshake.
 * {@code server} holds {@code QUERY_STRING}, {@code REQUEST_METHOD}, {@code REQUEST_URI},
 * {@code SERVER_PROTOCOL}, {@code SERVER_NAME}, {@code CONTENT_TYPE}, {@code REMOTE_ADDR},
 * {@code REMOTE_PORT}, {@code SERVER_PORT} and an {@code HTTP_<NAME>} entry per request header
 * (upper-cased, {@code -} as {@code _}, several values joined by {@code ", "}). The query string
 * is the decoded parameters encoded again (the raw one is not kept), a parameter given twice is
 * its last value (PHP's own reading), and {@code REMOTE_ADDR} is the client's address after
 * trusted proxies.
 *
 * <p>Threading: stateless.
 */
final class ServerVars {

  private ServerVars() {
  }

  /**
   * @param handshake  the WebSocket handshake
   * @param serverPort the port the client connected to
   * @return {@code {"get": ..., "server": ..., "cookie": ...}}
   */
  static JsonObject of(Handshake handshake, int serverPort) {
    JsonObject get = new JsonObject();
    StringJoiner query = new StringJoiner("&");
    for (Map.Entry<String, List<String>> parameter : handshake.query().entrySet()) {
      List<String> values = parameter.getValue();
      for (String value : values) {
        query.add(encode(parameter.getKey()) + "=" + encode(value));
      }
      if (!values.isEmpty()) {
        get.put(parameter.getKey(), values.get(values.size() - 1));
      }
    }
    String queryString = query.toString();
    String path = handshake.path() == null ? "/" : handshake.path();
    String host = handshake.header("host");
    String[] client = hostAndPort(handshake.clientAddress());
    JsonObject server = new JsonObject()
        .put("QUERY_STRING", queryString)
        .put("REQUEST_METHOD", "GET")
        .put("REQUEST_URI", queryString.isEmpty() ? path : path + "?" + queryString)
        .put("SERVER_PROTOCOL", "HTTP/1.1")
        .put("SERVER_NAME", host == null ? "" : hostAndPort(host)[0])
        .put("CONTENT_TYPE", handshake.header("content-type"))
        .put("REMOTE_ADDR", client[0])
        .put("REMOTE_PORT", parsePort(client[1]))
        .put("SERVER_PORT", serverPort);
    for (Map.Entry<String, List<String>> header : handshake.headers().entrySet()) {
      server.put("HTTP_" + header.getKey().toUpperCase(Locale.ROOT).replace('-', '_'),
          String.join(", ", header.getValue()));
    }
    JsonObject cookie = new JsonObject();
    handshake.cookies().forEach(cookie::put);
    return new JsonObject().put("get", get).put("server", server).put("cookie", cookie);
  }

  /**
   * @param address {@code host:port}, {@code [v6]:port} or a host alone
   * @return the host (without brackets) and the port ("" when none)
   */
  static String[] hostAndPort(String address) {
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      String port = end + 1 < address.length() && address.charAt(end + 1) == ':'
          ? address.substring(end + 2) : "";
      return new String[] {address.substring(1, Math.max(end, 1)), port};
    }
    int colon = address.lastIndexOf(':');
    if (colon < 0 || address.indexOf(':') != colon) {
      return new String[] {address, ""};
    }
    return new String[] {address.substring(0, colon), address.substring(colon + 1)};
  }

  /** @return the port, or 0 when there is none */
  static int parsePort(String port) {
    try {
      return port.isEmpty() ? 0 : Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
