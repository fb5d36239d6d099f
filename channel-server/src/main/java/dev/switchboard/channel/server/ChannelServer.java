package dev.switchboard.channel.server;

import dev.switchboard.channel.server.impl.ChannelServerImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A channel server: accepts remote {@code ChannelClient}s over TCP (optionally TLS) and joins the
 * node's channel space, so that its clients publish to and receive from every other server and
 * local client of the cluster.
 *
 * <p>Threading: methods may be called from any thread; connections are served on event loops.
 */
public interface ChannelServer {

  /**
   * @param vertx   the node
   * @param options where to listen, security, limits
   * @return a server, not listening yet
   */
  static ChannelServer create(Vertx vertx, ChannelServerOptions options) {
    return new ChannelServerImpl(vertx, options);
  }

  /**
   * Joins the node's channel space and starts listening.
   *
   * @return a future completed with this server once it listens; failed with the reason when the
   *     options expose an anonymous server beyond loopback without {@code insecure}, or when
   *     another channel server of the cluster has other credentials ({@code token},
   *     {@code gatewayToken})
   */
  Future<ChannelServer> listen();

  /**
   * @return the port listened on (the actual one when the options asked for 0), or -1 before
   *     {@link #listen()} completed
   */
  int actualPort();

  /**
   * @return this server's counters: connections, connectionsTotal, channels, subscriptions,
   *     publishesIn, eventsOut, bytesIn, bytesOut, pendingBytes, sendFail, drops,
   *     slowDisconnects, authFailures, authBanned, authTimeouts, protocolErrors, heartbeatCloses,
   *     bannedAddresses, and its host and port (see {@code docs/channel.md})
   */
  JsonObject stats();

  /**
   * @return one object per open connection: id, remoteAddress, authenticated, gateway (whether it
   *     has the gateway role), channels,
   *     pendingBytes (event bytes not yet handed to the OS), eventsOut, drops; read from other
   *     threads, so each value is recent rather than exact
   */
  JsonArray connections();

  /**
   * Stops listening, closes every connection and leaves the channel space.
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
