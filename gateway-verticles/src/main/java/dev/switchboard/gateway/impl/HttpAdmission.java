package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.ConnectionLimits;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.GatewayOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admits the TCP connections of one gateway verticle's listeners under its connection limits
 * ({@code maxConnections}, {@code maxConnectionsPerAddress}, file descriptors) and bounds the
 * time an HTTP connection may stay open without being a WebSocket: it has {@code
 * handshakeTimeout} from its accept to complete a request's headers, and as long again after each
 * answer to send the next one. An HTTP connection counts toward the limits from its accept, so
 * sockets that never finish a handshake cannot take more places than the limits give. One over
 * the limits is kept, within {@link Shedding}'s bound, to be told why when its request comes.
 *
 * <p>Threading: on the verticle's context (every listener of the verticle delivers there).
 */
final class HttpAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(HttpAdmission.class);
  private static final long ANSWERING = Long.MAX_VALUE;

  private final ConnectionLimits limits;
  private final GatewayStats stats;
  private final RateLimitedLog refusals;
  private final long handshakeTimeout;
  private final ClientAddresses clients;
  private final ProxyProtocolGate proxyGate;
  private final boolean proxyProtocol;
  /** HTTP connections not (yet) WebSockets, with the time they must have sent a request by. */
  private final Map<HttpConnection, Long> deadlines = new HashMap<>();
  private final Shedding shedding;
  /** HTTP connections over the limits whose request is answered by {@link Shedding}. */
  private final Set<HttpConnection> shed = new HashSet<>();

  /**
   * @param options   the verticle's limits
   * @param stats     where refusals and timeouts are counted
   * @param refusals  where refusals are logged (rate-limited)
   * @param clients   who may name their clients in headers
   * @param proxyGate who may send a PROXY protocol header
   */
  HttpAdmission(GatewayOptions options, GatewayStats stats, RateLimitedLog refusals,
      ClientAddresses clients, ProxyProtocolGate proxyGate) {
    this.limits = new ConnectionLimits(options.getMaxConnections(),
        options.getMaxConnectionsPerAddress());
    this.stats = stats;
    this.refusals = refusals;
    this.handshakeTimeout = options.getHandshakeTimeout();
    this.clients = clients;
    this.proxyGate = proxyGate;
    this.proxyProtocol = options.isHttpProxyProtocol();
    this.shedding = new Shedding(options.getMaxConnections());
  }

  /** @return the bound of the connections shed with a reason, shared by every listener */
  Shedding shedding() {
    return shedding;
  }

  /**
   * Counts a new connection of a TCP protocol.
   *
   * @param remote its remote address
   * @return whether it is admitted (then {@link #release} it once closed)
   */
  boolean admit(SocketAddress remote) {
    return refusal(remote.hostAddress(), remote) == null;
  }

  /**
   * @param key    the address counted under {@code maxConnectionsPerAddress}, or null for none
   * @param remote the address logged
   * @return null when admitted, otherwise why it is refused (counted and logged)
   */
  private ConnectionLimits.Refusal refusal(String key, SocketAddress remote) {
    ConnectionLimits.Refusal refusal = limits.admit(key);
    if (refusal == null) {
      return null;
    }
    stats.increment(Counter.REFUSED);
    refusals.warn("Gateway refused a connection from {}: {} ({} open)", remote,
        refusal.limit(), limits.open());
    return refusal;
  }

  /**
   * Uncounts a connection admitted by {@link #admit} (a WebSocket's from its HTTP connection).
   *
   * @param remote its remote address
   */
  void release(SocketAddress remote) {
    limits.release(remote.hostAddress());
  }

  /**
   * Admits a new HTTP connection and starts its deadline, or closes it.
   *
   * @param connection the connection
   * @param now        the time, ms
   */
  void opened(HttpConnection connection, long now) {
    if (proxyProtocol && !proxyGate.admit(connection.remoteAddress(true), "HTTP")) {
      abort(connection);
      return;
    }
    String key = key(connection);
    ConnectionLimits.Refusal refusal = refusal(key, connection.remoteAddress());
    if (refusal != null) {
      shedOrAbort(connection, refusal);
      return;
    }
    deadlines.put(connection, now + handshakeTimeout);
    stats.increment(Counter.HTTP_CONNECTIONS);
    connection.closeHandler(v -> {
      if (deadlines.remove(connection) != null) {
        stats.add(Counter.HTTP_CONNECTIONS, -1);
        limits.release(key);
      }
    });
  }

  /**
   * A connection over the limits is kept to answer its request with the reason ({@link
   * Shedding}), within the bound of connections shed at a time; reset beyond it, or when file
   * descriptors run low (answering would not give any back sooner).
   */
  private void shedOrAbort(HttpConnection connection, ConnectionLimits.Refusal refusal) {
    if (refusal == ConnectionLimits.Refusal.DESCRIPTORS || !shedding.hold(channel(connection))) {
      abort(connection);
      return;
    }
    shed.add(connection);
    connection.closeHandler(v -> shed.remove(connection));
  }

  /**
   * @param request a request to the HTTP port
   * @return whether it came on a connection over the limits: then answer it with {@link
   *     Shedding#answer} (once: a later request on it is not)
   */
  boolean shedding(HttpServerRequest request) {
    if (!shed.remove(request.connection())) {
      return false;
    }
    stats.increment(Counter.SHED);
    return true;
  }

  /**
   * @return the address an HTTP connection counts under until it is a WebSocket: its remote
   *     address, or none from a trusted proxy that names its clients (many clients share it;
   *     each one's WebSocket then counts under its own address, {@link #upgraded})
   */
  private String key(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    return clients.forwardsClients(remote) ? null : remote.hostAddress();
  }

  /**
   * A request's headers arrived: its connection has no deadline until the answer is written,
   * then the next request has {@code handshakeTimeout}.
   *
   * @param request the request
   * @param server  for the time
   * @return whether to answer it: false for a request that came in on a connection being refused
   *     (it is aborted)
   */
  boolean answering(HttpServerRequest request, GatewayServer server) {
    HttpConnection connection = request.connection();
    if (deadlines.replace(connection, ANSWERING) == null) {
      abort(connection);
      return false;
    }
    request.response().endHandler(v -> deadlines.replace(connection,
        server.now() + handshakeTimeout));
    return true;
  }

  /**
   * The connection becomes a WebSocket: it keeps its place under the limits (released with the
   * WebSocket's {@link #release}) and has no deadline any more. Its place moves to its client's
   * address when a trusted proxy named another one: that address may be over {@code
   * maxConnectionsPerAddress}.
   *
   * @param request the upgrade request
   * @param client  the client's address ({@link ClientAddresses#clientAddress})
   * @return whether it is admitted; if not, it holds no place (refused, counted and logged)
   */
  boolean upgraded(HttpServerRequest request, SocketAddress client) {
    HttpConnection connection = request.connection();
    if (deadlines.remove(connection) == null) {
      return true; // closing: its close handler has released it
    }
    stats.add(Counter.HTTP_CONNECTIONS, -1);
    String key = key(connection);
    if (java.util.Objects.equals(key, client.hostAddress())) {
      return true;
    }
    limits.release(key);
    return admit(client);
  }

  /**
   * Closes the HTTP connections past their deadline.
   *
   * @param now the time, ms
   */
  void sweep(long now) {
    List<HttpConnection> late = new ArrayList<>();
    deadlines.forEach((connection, deadline) -> {
      if (deadline <= now) {
        late.add(connection);
      }
    });
    for (HttpConnection connection : late) {
      stats.increment(Counter.HANDSHAKE_TIMEOUTS);
      LOG.debug("Gateway closed an HTTP connection from {}: no request within {} ms",
          connection.remoteAddress(), handshakeTimeout);
      deadlines.replace(connection, ANSWERING); // closing: not again
      abort(connection); // its close handler releases it
    }
  }

  /**
   * Closes a connection's socket now. {@code HttpConnection.close()} is a graceful shutdown that
   * waits for a request already read to be answered (a refused connection's handshake could still
   * be served, or hang), and Vert.x has no public call to abort an HTTP/1.x connection: hence its
   * internal connection type, as {@link WebSocketHandshake} uses it.
   */
  private static void abort(HttpConnection connection) {
    if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
      base.channelHandlerContext().channel().close();
    } else {
      connection.close();
    }
  }

  /** @return the connection's Netty channel (see {@link #abort} for why the internal type) */
  private static io.netty.channel.Channel channel(HttpConnection connection) {
    return ((io.vertx.core.net.impl.ConnectionBase) connection).channelHandlerContext().channel();
  }
}
