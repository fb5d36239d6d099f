package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.Protocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a WebSocket upgrade request into a {@link Handshake}: path, decoded query parameters,
 * headers, cookies (Netty's lax server cookie decoder: a malformed cookie is skipped, not an
 * error) and the offered subprotocols. Everything comes from the request line and headers, which
 * the HTTP decoder has already bounded.
 *
 * <p>Threading: stateless.
 */
final class Handshakes {

  private Handshakes() {
  }

  /**
   * @param request       the upgrade request
   * @param clientAddress the client's address after trusted proxies ({@code host:port}); the
   *                      remote address is the TCP peer's
   * @param tokenChecked  whether the gateway takes a connect token from the request: then the
   *                      token's places are left out ({@link ConnectTokens})
   * @return its handshake
   */
  static Handshake of(HttpServerRequest request, String clientAddress, boolean tokenChecked) {
    Map<String, List<String>> query = multi(request.params());
    Map<String, List<String>> headers = multi(request.headers());
    List<String> offered = subprotocols(
        request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    if (tokenChecked) {
      ConnectTokens.strip(headers, query);
      offered = ConnectTokens.withoutTokens(offered);
    }
    return new Handshake(Protocol.WEBSOCKET, request.path(), query, headers,
        cookies(request.headers().getAll(HttpHeaderNames.COOKIE)), offered,
        String.valueOf(request.connection().remoteAddress(true)), clientAddress, null);
  }

  private static Map<String, List<String>> multi(MultiMap map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (String name : map.names()) {
      copy.put(name, map.getAll(name));
    }
    return copy;
  }

  private static Map<String, String> cookies(List<String> headers) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String header : headers) {
      for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
        cookies.putIfAbsent(cookie.name(), cookie.value()); // the first of a name wins
      }
    }
    return cookies;
  }

  /** @return the comma-separated subprotocols offered, in order, blanks skipped */
  static List<String> subprotocols(List<String> headers) {
    List<String> offered = new ArrayList<>();
    for (String header : headers) {
      for (String token : header.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          offered.add(name);
        }
      }
    }
    return offered;
  }
}
