package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.core.internal.ConnectionLimits;
import dev.switchboard.core.internal.JwtCheck;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.core.internal.PortInUse;
import dev.switchboard.channel.server.ChannelServer;
import dev.switchboard.channel.server.ChannelServerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  /** How long a start waits for the node's work queues to open, in ms. */
  private static final long QUEUES_OPEN_WAIT = 10_000;
  private static final Logger CONNECTION_LOG = LoggerFactory.getLogger(ServerConnection.class);

  private final Vertx vertx;
  private final ChannelServerOptions options;
  private final ServerStats stats = new ServerStats();
  private final RateLimitedLog clientLog = new RateLimitedLog(CONNECTION_LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final Requests requests;
  private final Credentials credentials;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final ConnectionLimits limits;
  private final String statusName = "server-" + IDS.incrementAndGet();
  private final ChannelServerMeters meters;
  private final QueueStats queueStats;
  /** The node's work queues, once open; null when it has none (see {@link #queuesUnavailable}). */
  private volatile ClusterQueues queues;
  private volatile String queuesUnavailable = "work queues are not open yet";
  /** The node's work queues being opened (or open) for this server; null once released. */
  private volatile Future<ClusterQueues> openingQueues;
  private final PhpClients phpClients;
  private volatile PhpQueueFrames phpQueues = PhpQueueFrames.NOT_AVAILABLE;
  private NetServer netServer;
  private ChannelNode node;
  private CredentialRegistry registry;
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
    this.credentials = new Credentials(this.options);
    this.limits = new ConnectionLimits(this.options.getMaxConnections(),
        this.options.getMaxConnectionsPerAddress());
    MeterRegistry registry = NodeMetrics.registry(vertx, this.options.getMetrics());
    this.phpClients = PhpClients.of(this.options.getPhpClientsFrom());
    this.meters = ChannelServerMeters.of(registry);
    this.queueStats = QueueStats.of(registry);
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
    Future<Void> jwt = options.getJwt() == null ? Future.succeededFuture()
        : JwtCheck.create(vertx, options.getJwt()).map(check -> {
          credentials.useJwt(check);
          return null;
        });
    return jwt.compose(v -> ListenCheck.check(vertx, options))
        .compose(v -> openQueues())
        .compose(v -> ChannelNode.acquire(vertx, options.getNodeOptions()))
        .compose(joined -> {
          CredentialRegistry joinedRegistry = new CredentialRegistry(vertx, joined.id(),
              statusName, options);
          NetServer created = vertx.createNetServer(net).connectHandler(this::accept);
          node = joined;
          // a failed start fails once it has released what it took: a Vert.x closed at once
          // after it (a launcher's failed start) must not find the node's deployment half gone
          // ("Undeploy failed: Already undeployed")
          return joinedRegistry.register()
              .compose(v -> PortInUse.named(created.listen(), "channel server port",
                  options.getHost(), options.getPort())
                  .recover(e -> joinedRegistry.unregister()
                      .transform(ar -> Future.<NetServer>failedFuture(e))))
              .recover(e -> joined.release().transform(ar -> Future.<NetServer>failedFuture(e)))
              .map(listening -> {
                // only a listening server is closed by close(): a failed start released all
                synchronized (this) {
                  registry = joinedRegistry;
                  netServer = listening;
                }
                return listening;
              });
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
          meters.add(this);
          return (ChannelServer) this;
        }).recover(e -> releaseQueues().transform(ar -> Future.failedFuture(e)));
  }

  /**
   * Opens the node's work queues when they are on and the node is clustered; a node that cannot
   * have them serves channels all the same, and refuses queue requests saying why. The start
   * waits for them at most {@link #QUEUES_OPEN_WAIT} ms (Hazelcast may be slow while members
   * join): past that the server listens, and serves the queues once they are open.
   */
  private Future<Void> openQueues() {
    if (!options.getQueues().isEnabled()) {
      queuesUnavailable = "work queues are off on this channel server (queues.enabled false)";
      return Future.succeededFuture();
    }
    if (!vertx.isClustered()) {
      queuesUnavailable = "work queues need a node clustered over Hazelcast (-cluster)";
      return Future.succeededFuture();
    }
    queuesUnavailable = "the work queues of this node are still opening; try again shortly";
    Future<ClusterQueues> opening = ClusterQueues.acquire(vertx, options.getQueues(), queueStats);
    openingQueues = opening;
    Promise<Void> waited = Promise.promise();
    long timer = vertx.setTimer(QUEUES_OPEN_WAIT, t -> {
      if (waited.tryComplete()) {
        LOG.warn("Work queues still opening after {} ms; the channel server starts without them "
            + "and serves them once open", QUEUES_OPEN_WAIT);
      }
    });
    opening.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (openingQueues == opening) {
        if (ar.succeeded()) {
          queues = ar.result();
          phpQueues(new PhpQueues(queues, options.getQueues().getMaxWatches(), clientLog));
        } else {
          queuesUnavailable = ar.cause().getMessage();
          LOG.warn("Work queues unavailable on this channel server: {}", queuesUnavailable);
        }
      }
      waited.tryComplete();
    });
    return waited.future();
  }

  private Future<Void> releaseQueues() {
    Future<ClusterQueues> opening = openingQueues;
    openingQueues = null;
    queues = null;
    queuesUnavailable = "the channel server is closed";
    return opening == null ? Future.succeededFuture()
        : opening.transform(ar -> ar.succeeded() ? ar.result().release()
            : Future.succeededFuture());
  }

  private void accept(NetSocket socket) {
    ConnectionLimits.Refusal refusal = limits.admit(socket.remoteAddress().hostAddress());
    if (refusal != null) {
      stats.refused.increment();
      clientLog.warn("Channel server refused a connection from {}: {} ({} open)",
          socket.remoteAddress(), refusal.limit(), limits.open());
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
    ClusterQueues open = queues;
    return stats.toJson().put("pendingBytes", pendingBytes())
        .put("queues", open != null ? open.status()
            : new JsonObject().put("unavailable", queuesUnavailable))
        .put("bannedAddresses", bannedAddresses())
        .put("host", options.getHost())
        .put("port", actualPort);
  }

  /** @return the bytes written to this server's connections and not yet handed to the OS */
  long pendingBytes() {
    long pending = 0;
    for (ServerConnection connection : connections) {
      pending += connection.pendingBytes();
    }
    return pending;
  }

  /** @return the addresses banned now for failed authentications */
  long bannedAddresses() {
    return credentials.bannedAddresses(System.currentTimeMillis());
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

  /**
   * @return the counters of every node of the channel space ({@code ChannelNode#clusterStatus()})
   */
  Future<JsonObject> clusterStatus() {
    return node.clusterStatus();
  }

  @Override
  public Future<Void> close() {
    NetServer listening = takeListening();
    if (listening == null) {
      return Future.succeededFuture();
    }
    node.removeStatusSource(statusName);
    meters.remove(this);
    vertx.cancelTimer(heartbeatTimer);
    return listening.close().eventually(registry::unregister).eventually(() -> node.release())
        .eventually(this::releaseQueues);
  }

  /** @return the listening server, once: a second close releases nothing twice */
  private synchronized NetServer takeListening() {
    NetServer listening = netServer;
    netServer = null;
    return listening;
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

  /**
   * @return the log of this server's per-client errors, one line per interval at most
   */
  RateLimitedLog clientLog() {
    return clientLog;
  }

  ServerStats counters() {
    return stats;
  }

  ChannelServerMeters meters() {
    return meters;
  }

  ChannelNode node() {
    return node;
  }

  /** @return the node's work queues, or null when it has none ({@link #queuesUnavailable()}) */
  ClusterQueues queues() {
    return queues;
  }

  /** @return why the node has no work queues */
  String queuesUnavailable() {
    return queuesUnavailable;
  }

  /** @return who may speak the PHP protocol ({@code phpClientsFrom}) */
  PhpClients phpClients() {
    return phpClients;
  }

  /** @return where PHP connections hand their queue frames */
  PhpQueueFrames phpQueues() {
    return phpQueues;
  }

  /**
   * Plugs a queue service into this server's PHP connections: the one place the work queue
   * receives Workerman's {@code watch}, {@code unwatch}, {@code enqueue} and {@code reserve}.
   *
   * @param queues the service
   */
  void phpQueues(PhpQueueFrames queues) {
    this.phpQueues = queues;
  }

  Requests requests() {
    return requests;
  }

  Credentials credentials() {
    return credentials;
  }
}
