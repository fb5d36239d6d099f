package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.vertx.core.Handler;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.HAProxyMessageCompletionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol (HAProxy's, version 1 and 2) on a gateway listener. Vert.x decodes it
 * ({@link NetServerOptions#setUseProxyProtocol}, with Netty's {@code HAProxyMessageDecoder}):
 * a connection reaches the listener's handler only once its header has arrived, its remote
 * address the client's the header names ({@code remoteAddress(true)} stays the TCP peer); a
 * {@code PROXY UNKNOWN} or {@code LOCAL} header (a proxy's own health check) keeps the peer's.
 * Vert.x closes a connection whose header is malformed (reported to the listener's exception
 * handler: {@link #failures}) or that sends none within the timeout (not reported). What Vert.x
 * does not do is check who sent the header: {@link #admit} refuses a peer that is not a trusted
 * proxy.
 *
 * <p>Threading: thread-safe; on the listeners' context.
 */
final class ProxyProtocolGate {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolGate.class);

  private final TrustedProxies trusted;
  private final GatewayStats stats;
  private final RateLimitedLog log;
  private final long timeout;

  /**
   * @param trusted the trusted proxies
   * @param stats   where refusals are counted ({@code proxyRefused})
   * @param log     where refusals are logged (rate-limited)
   * @param timeout the time a connection has to send its header, ms
   */
  ProxyProtocolGate(TrustedProxies trusted, GatewayStats stats, RateLimitedLog log, long timeout) {
    this.trusted = trusted;
    this.stats = stats;
    this.log = log;
    this.timeout = timeout;
  }

  /**
   * Makes a listener expect the header, when asked.
   *
   * @param listener the listener's options
   * @param on       whether it takes the PROXY protocol
   * @return the options
   */
  <O extends NetServerOptions> O apply(O listener, boolean on) {
    if (on) {
      listener.setUseProxyProtocol(true).setProxyProtocolTimeout(timeout)
          .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return listener;
  }

  /**
   * A connection's header was read: it is admitted when its TCP peer is a trusted proxy, else
   * counted and logged (the caller closes it).
   *
   * @param peer     the TCP peer ({@code remoteAddress(true)})
   * @param listener the listener's name, for the log
   * @return whether the connection may go on
   */
  boolean admit(SocketAddress peer, String listener) {
    if (trusted.trusts(peer)) {
      return true;
    }
    stats.increment(Counter.PROXY_REFUSED);
    log.warn("Gateway refused a connection to its {} port from {}: a PROXY protocol header from"
        + " a peer not in trustedProxies", listener, peer);
    return false;
  }

  /**
   * @param listener the listener's name, for the log
   * @return the exception handler of a listener taking the PROXY protocol: a malformed header
   *     (Vert.x has closed its connection) is counted and logged; other failures before a
   *     connection is established (e.g. a TLS handshake) are logged at DEBUG
   */
  Handler<Throwable> failures(String listener) {
    return failure -> {
      // Vert.x reports a header for a datagram protocol with this constant of its internal
      // handler, the only way to tell it apart from other failures
      if (failure instanceof HAProxyProtocolException
          || failure == HAProxyMessageCompletionHandler.UNSUPPORTED_PROTOCOL_EXCEPTION) {
        stats.increment(Counter.PROXY_REFUSED);
        log.info("Gateway closed a connection to its {} port: bad PROXY protocol header: {}",
            listener, reason(failure));
      } else {
        LOG.debug("Gateway {} port: a connection failed before it was established: {}",
            listener, failure.toString());
      }
    };
  }

  /** @return the message of the failure's innermost cause (Netty wraps the decoder's own) */
  private static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
