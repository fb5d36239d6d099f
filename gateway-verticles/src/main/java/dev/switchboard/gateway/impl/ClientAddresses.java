package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.LogSafe;
import dev.switchboard.gateway.GatewayOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one place that answers "which client sent this HTTP request": the request's peer (after a
 * PROXY protocol header, where the HTTP port takes one), unless that peer is one of the {@code
 * trustedProxies}; then the first of the {@code forwardedHeaders} present in the request names
 * the client ({@link ForwardedHeaders}). A header from an untrusted peer is never read, and a
 * malformed one is ignored (logged at DEBUG): the client is then the peer, and the request goes
 * on. The port of a client named by a header is the one it gives, else 0.
 *
 * <p>Threading: immutable, thread-safe.
 */
final class ClientAddresses {

  private static final Logger LOG = LoggerFactory.getLogger(ClientAddresses.class);

  private final TrustedProxies trusted;
  private final List<String> headers;

  /**
   * @param options the gateway's {@code trustedProxies} and {@code forwardedHeaders}
   */
  ClientAddresses(GatewayOptions options) {
    this.trusted = TrustedProxies.parse(options.getTrustedProxies());
    this.headers = options.getForwardedHeaders();
  }

  /** @return the trusted proxies */
  TrustedProxies trusted() {
    return trusted;
  }

  /**
   * @param peer an HTTP connection's peer
   * @return whether requests from it may name their client in a header (it is a trusted proxy
   *     and some header is read)
   */
  boolean forwardsClients(SocketAddress peer) {
    return !headers.isEmpty() && trusted.trusts(peer);
  }

  /**
   * The client's address of an HTTP request (a WebSocket handshake's included): what the
   * connection, its status line, its log lines and its place under {@code
   * maxConnectionsPerAddress} use. On the request's context; it reads the headers each call.
   *
   * @param request the request
   * @return the client's address, after trusted proxies
   */
  SocketAddress clientAddress(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    if (peer == null || peer.hostAddress() == null || !forwardsClients(peer)) {
      return peer;
    }
    ForwardedHeaders.Hop self = new ForwardedHeaders.Hop(peer.hostAddress(), peer.port());
    for (String header : headers) {
      List<String> values = request.headers().getAll(header);
      try {
        ForwardedHeaders.Hop client = switch (header) {
          case GatewayOptions.FORWARDED -> ForwardedHeaders.forwarded(values, trusted, self);
          case GatewayOptions.X_FORWARDED_FOR ->
              ForwardedHeaders.xForwardedFor(values, trusted, self);
          default -> ForwardedHeaders.xRealIp(values);
        };
        if (client != null) {
          return client == self ? peer : SocketAddress.inetSocketAddress(client.port(),
              client.host());
        }
      } catch (ForwardedHeaders.Malformed e) {
        if (LOG.isDebugEnabled()) {
          LOG.debug("Gateway ignored the {} header of a request from {}: {}", header, peer,
              LogSafe.escape(e.getMessage()));
        }
        return peer;
      }
    }
    return peer;
  }
}
