package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.impl.ChannelNode;
import dev.switchboard.channel.impl.ConnectionLimits;
import dev.switchboard.channel.server.ChannelServer;
import dev.switchboard.channel.server.ChannelServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel server: a TCP listener whose connections subscribe and publish on the node's
 * {@link ChannelNode}.
 *
 * <p>Threading: see {@link ChannelServer}; connections run on their own event loops.
 */
public final class ChannelServerImpl implements ChannelServer {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelServerImpl.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private final ChannelServerOptions options;
  private final ServerStats stats = new ServerStats();
  private final Requests requests;
  private final TokenCheck tokenCheck;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final ConnectionLimits limits;
  private final String statusName = "server-" + IDS.incrementAndGet();
  private NetServer netServer;
  private ChannelNode node;
  private volatile int actualPort = -1;
  private long heartbeatTimer = -1;

  /**
   * @param vertx   the node
   * @param options the options (copied)
   */
  public ChannelServerImpl(Vertx vertx, ChannelServerOptions options) {
    this.vertx = vertx;
    this.options = new ChannelServerOptions(options);
    this.requests = new Requests(this.options);
    this.limits = new ConnectionLimits(this.options.getMaxConnections(),
        this.options.getMaxConnectionsPerAddress());
    this.tokenCheck = this.options.getToken() == null ? null : new TokenCheck(this.options.getToken());
  }

  @Override
  public Future<ChannelServer> listen() {
    NetServerOptions net = new NetServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        .setTcpNoDelay(true);
    try {
      options.applyTls(net);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return ChannelNode.acquire(vertx, options.getNodeOptions()).compose(joined -> {
      node = joined;
      netServer = vertx.createNetServer(net);
      netServer.connectHandler(this::accept);
      return netServer.listen().onFailure(e -> joined.release());
    }).map(listening -> {
      actualPort = listening.actualPort();
      long timeout = options.getHeartbeatTimeout();
      if (timeout > 0) {
        heartbeatTimer = vertx.setPeriodic(Math.max(20, timeout / 4), t -> {
          long now = System.currentTimeMillis();
          connections.forEach(c -> c.closeIfSilent(now, timeout));
        });
      }
      node.statusSource(statusName, this::stats);
      return (ChannelServer) this;
    });
  }

  private void accept(NetSocket socket) {
    ConnectionLimits.Refusal refusal = limits.admit(socket.remoteAddress().hostAddress());
    if (refusal != null) {
      stats.refused.increment();
      long report = limits.refusedToReport();
      if (report > 0) {
        LOG.warn("Channel server refused {} connection(s) since the last report, the last from {}:"
            + " {} ({} open; next report in 10 s at most)", report, socket.remoteAddress(),
            refusal.limit(), limits.open());
      } else {
        LOG.debug("Channel server refused a connection from {}: {}", socket.remoteAddress(),
            refusal.limit());
      }
      socket.close();
      return;
    }
    ServerConnection connection = new ServerConnection(IDS.incrementAndGet(), socket, this);
    connections.add(connection);
    connection.start();
  }

  @Override
  public int actualPort() {
    return actualPort;
  }

  @Override
  public JsonObject stats() {
    long pending = 0;
    for (ServerConnection connection : connections) {
      pending += connection.pendingBytes();
    }
    return stats.toJson().put("pendingBytes", pending).put("host", options.getHost())
        .put("port", actualPort);
  }

  @Override
  public JsonArray connections() {
    JsonArray list = new JsonArray();
    connections.forEach(connection -> list.add(connection.toJson()));
    return list;
  }

  /**
   * @return this server's counters and its node's
   */
  JsonObject status() {
    return node.status();
  }

  @Override
  public Future<Void> close() {
    if (netServer == null) {
      return Future.succeededFuture();
    }
    node.removeStatusSource(statusName);
    vertx.cancelTimer(heartbeatTimer);
    return netServer.close().eventually(() -> node.release());
  }

  void closed(ServerConnection connection) {
    if (connections.remove(connection)) {
      limits.release(connection.remoteHost());
    }
  }

  Vertx vertx() {
    return vertx;
  }

  ChannelServerOptions options() {
    return options;
  }

  ServerStats counters() {
    return stats;
  }

  ChannelNode node() {
    return node;
  }

  Requests requests() {
    return requests;
  }

  TokenCheck tokenCheck() {
    return tokenCheck;
  }
}
