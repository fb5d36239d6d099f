package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.GatewayOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket origin check: a handshake without {@code Origin} (not a browser) is accepted; one
 * whose {@code Origin} is the same origin as the gateway (host and port equal to the {@code Host}
 * header's) is accepted; any other only when {@code allowedOrigins} lists it or holds {@code *}.
 *
 * <p>Threading: stateless.
 */
final class Origins {

  private Origins() {
  }

  /**
   * @param origin  the {@code Origin} header, or null
   * @param host    the {@code Host} header
   * @param allowed the {@code allowedOrigins} option
   * @return whether the handshake may go on
   */
  static boolean accepted(String origin, String host, List<String> allowed) {
    if (origin == null) {
      return true;
    }
    for (String listed : allowed) {
      if (listed.equals(GatewayOptions.ANY_ORIGIN) || listed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return sameOrigin(origin, host);
  }

  /**
   * @return whether {@code origin} ({@code http} or {@code https}, no path) names the host and
   *     port of {@code host}; a port left out is the default port of the origin's scheme (a
   *     proxy that terminates TLS passes {@code Host} without one)
   */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI from = new URI(origin);
      String scheme = from.getScheme() == null ? "" : from.getScheme().toLowerCase(Locale.ROOT);
      int defaultPort = switch (scheme) {
        case "http" -> 80;
        case "https" -> 443;
        default -> -1;
      };
      if (defaultPort < 0 || from.getHost() == null || from.getRawUserInfo() != null
          || !(from.getRawPath() == null || from.getRawPath().isEmpty())
          || from.getRawQuery() != null || from.getRawFragment() != null) {
        return false;
      }
      URI to = new URI("http://" + host);
      if (to.getHost() == null || to.getRawUserInfo() != null || !to.getRawPath().isEmpty()) {
        return false;
      }
      int fromPort = from.getPort() == -1 ? defaultPort : from.getPort();
      int toPort = to.getPort() == -1 ? defaultPort : to.getPort();
      return from.getHost().equalsIgnoreCase(to.getHost()) && fromPort == toPort;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
