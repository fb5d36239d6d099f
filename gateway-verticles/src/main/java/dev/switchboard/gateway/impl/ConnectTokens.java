package dev.switchboard.gateway.impl;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a WebSocket client's connect token is: the {@code Authorization: Bearer} header, else the
 * {@code token} query parameter, else an offered subprotocol {@code bearer.<token>}. Once the
 * token is taken, the handshake the application sees keeps none of these (its claims take their
 * place), so a token never travels on with the client's events.
 *
 * <p>Threading: stateless.
 */
final class ConnectTokens {

  /** The query parameter holding a token. */
  static final String QUERY_PARAMETER = "token";
  /** The prefix of an offered subprotocol holding a token. */
  static final String SUBPROTOCOL_PREFIX = "bearer.";
  private static final String BEARER = "bearer ";

  private ConnectTokens() {
  }

  /**
   * @param request the upgrade request
   * @return the token it presents, or null
   */
  static String of(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0,
        BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    String query = request.getParam(QUERY_PARAMETER);
    if (query != null) {
      return query;
    }
    for (String offered : Handshakes.subprotocols(
        request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
      if (offered.startsWith(SUBPROTOCOL_PREFIX)) {
        return offered.substring(SUBPROTOCOL_PREFIX.length());
      }
    }
    return null;
  }

  /**
   * The subprotocol to answer when the hook chose none: a browser that offered subprotocols
   * fails a {@code 101} naming none, so a client that sent its token as one gets the first other
   * one it offered; otherwise none.
   *
   * @param request the upgrade request
   * @param offered the subprotocols it offered but the token ones
   * @return the subprotocol, or null
   */
  static String defaultSubprotocol(HttpServerRequest request, List<String> offered) {
    boolean tokenOffered = Handshakes.subprotocols(request.headers()
        .getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)).stream()
        .anyMatch(name -> name.startsWith(SUBPROTOCOL_PREFIX));
    return tokenOffered && !offered.isEmpty() ? offered.get(0) : null;
  }

  /** Removes the token's places from a handshake's headers and query (both mutable copies). */
  static void strip(Map<String, List<String>> headers, Map<String, List<String>> query) {
    headers.keySet().removeIf(name -> name.equalsIgnoreCase(HttpHeaderNames.AUTHORIZATION
        .toString()));
    query.remove(QUERY_PARAMETER);
    headers.replaceAll((name, values) -> name.equalsIgnoreCase(
        HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString()) ? withoutTokens(values) : values);
    headers.values().removeIf(List::isEmpty);
  }

  /** @return the offered subprotocols but the token ones */
  static List<String> withoutTokens(List<String> offered) {
    List<String> kept = new ArrayList<>();
    for (String name : Handshakes.subprotocols(offered)) {
      if (!name.startsWith(SUBPROTOCOL_PREFIX)) {
        kept.add(name);
      }
    }
    return kept;
  }
}
