package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.NodeScoped;
import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.LocalGateway;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.impl.phpworker.WorkerPool;
import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway verticles of one Vert.x instance, seen as one: broadcasts across them, lookups by
 * connection id, and the node's status (counters summed over its verticles).
 *
 * <p>There is one node per Vert.x instance at a time ({@link NodeScoped}): each server takes a use
 * of it when created and gives it back when it leaves, so the node stays while a server is about
 * to join, and the last server to leave stops the node's routing (as does Vert.x's close, before
 * it stops the verticles). A node's servers and routing change under the node's lock.
 *
 * <p>Threading: any thread; work on connections runs on each verticle's context.
 */
public final class GatewayNode implements LocalGateway {

  /** The node of each Vert.x instance. */
  private static final NodeScoped<GatewayNode> NODES = new NodeScoped<>(
      vertx -> Future.succeededFuture(new GatewayNode(vertx)), GatewayNode::stopRouting,
      NodeScoped.OnVertxClose.CLOSE);

  private final Vertx vertx;
  private final List<GatewayServer> servers = new CopyOnWriteArrayList<>(); // written under this
  private final AtomicInteger serverIds = new AtomicInteger();
  private volatile Future<GatewayRouter> router; // written under this
  private GatewayMeters meters; // under this: made by the first server with metrics on
  private final WorkerPool phpWorkers = new WorkerPool();
  private final long startedAt = System.currentTimeMillis();
  private final NodeWorkerman workerman = new NodeWorkerman();

  private GatewayNode(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Reserves a place on the node of a Vert.x instance for a server, which must then
   * {@link #join(GatewayServer)} it: until it does, the node stays, even when its other servers
   * all leave meanwhile.
   *
   * @param vertx a Vert.x instance
   * @return its node (created on first use; forgotten when its last verticle stops)
   */
  static GatewayNode of(Vertx vertx) {
    return NODES.acquire(vertx).result(); // opened at once: never pending
  }

  /**
   * @param vertx a Vert.x instance
   * @return its node, or null when it runs no gateway verticle
   */
  public static GatewayNode existing(Vertx vertx) {
    return NODES.current(vertx);
  }

  /**
   * Adds a verticle's server; the first one starts the node's routing.
   *
   * @param server the server
   * @return the server's id, {@code <node id>-<n>}, once the node's routing is up
   */
  Future<String> join(GatewayServer server) {
    Future<GatewayRouter> started;
    synchronized (this) {
      servers.add(server);
      if (meters == null && server.options().getMetrics().isEnabled()) {
        meters = GatewayMeters.register(vertx, this);
      }
      if (router == null || router.failed()) { // a routing that failed to start is tried again
        router = GatewayRouter.start(vertx, this);
      }
      started = router;
    }
    int n = serverIds.incrementAndGet();
    // a server whose start fails here never stops: it leaves now
    return started.map(r -> r.nodeId() + "-" + n).onFailure(e -> leave(server));
  }

  /**
   * Removes a verticle's server, giving back its place; the last one stops the node's routing.
   *
   * @param server the server
   * @return completed when done
   */
  Future<Void> leave(GatewayServer server) {
    boolean left;
    synchronized (this) {
      left = servers.remove(server);
    }
    return left ? NODES.release(vertx) : Future.succeededFuture();
  }

  /** The node's last use was given back (or Vert.x closes): its routing stops. */
  private Future<Void> stopRouting() {
    Future<GatewayRouter> stopping;
    synchronized (this) {
      stopping = router;
      router = null;
      if (meters != null) {
        meters.close();
        meters = null;
      }
    }
    return stopping == null ? Future.succeededFuture()
        : stopping.compose(GatewayRouter::stop, e -> Future.succeededFuture());
  }

  /** @return the windows of the node's peers, or null while its routing is not up */
  public PeerFlow flow() {
    GatewayRouter routing = routing();
    return routing == null ? null : routing.flow();
  }

  /** @return the node's side of GatewayWorker's inner listener */
  NodeWorkerman workerman() {
    return workerman;
  }

  /** @return the PHP BusinessWorkers connected to the node's inner listeners */
  public WorkerPool phpWorkers() {
    return phpWorkers;
  }

  /** @return the node entry's routing status once the routing runs, else null */
  JsonObject routingStatus() {
    GatewayRouter routing = routing();
    return routing == null ? null : routing.status();
  }

  /** @return the node's servers (a live, thread-safe view) */
  List<GatewayServer> servers() {
    return servers;
  }

  /** @return the node's routing once it runs, else null (starting, or stopped) */
  GatewayRouter routing() {
    Future<GatewayRouter> current = router;
    return current != null && current.succeeded() ? current.result() : null;
  }

  /** A connection was accepted: the connect decision's uid, groups and session are set. */
  void admitted(ConnectionBase connection, ConnectDecision decision) {
    GatewayRouter routing = routing();
    if (routing != null) {
      routing.admitted(connection, decision);
    }
  }

  /** @return a connection's session (a copy), or null once it closed */
  JsonObject session(ConnectionBase connection) {
    GatewayRouter routing = routing();
    return routing == null ? null : routing.session(connection);
  }

  /** Replaces a connection's session (nothing once it closed). */
  void session(ConnectionBase connection, JsonObject session) {
    GatewayRouter routing = routing();
    if (routing != null) {
      routing.session(connection, session);
    }
  }

  /** A connection closed: it leaves its groups and uid. */
  void closed(ConnectionBase connection) {
    GatewayRouter routing = routing();
    if (routing != null) {
      routing.closed(connection);
    }
  }

  /**
   * @param message a message
   * @param targets connections of this node
   * @return what happened, summed
   */
  Future<BroadcastResult> send(Outbound message, Collection<ConnectionBase> targets) {
    return broadcast(message, byServer(targets));
  }

  /**
   * @param message a message
   * @return what happened at every connection of the node, summed
   */
  Future<BroadcastResult> sendToAll(Outbound message) {
    return broadcast(message, null);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Future<BroadcastResult> sendToAll(String message) {
    return broadcast(Outbound.text(message), null);
  }

  @Override
  public Future<BroadcastResult> sendToAll(Buffer message) {
    return broadcast(Outbound.binary(message), null);
  }

  @Override
  public Future<BroadcastResult> sendTo(Collection<? extends Connection> connections,
      String message) {
    return broadcast(Outbound.text(message), byServer(connections));
  }

  @Override
  public Future<BroadcastResult> sendTo(Collection<? extends Connection> connections,
      Buffer message) {
    return broadcast(Outbound.binary(message), byServer(connections));
  }

  private static Map<GatewayServer, Collection<ConnectionBase>> byServer(
      Collection<? extends Connection> connections) {
    Map<GatewayServer, Collection<ConnectionBase>> groups = new HashMap<>();
    for (Connection connection : connections) {
      if (!(connection instanceof ConnectionBase base)
          || !(base.host instanceof GatewayServer server)) {
        throw new IllegalArgumentException("not a gateway connection: " + connection);
      }
      groups.computeIfAbsent(server, s -> new ArrayList<>()).add(base);
    }
    return groups;
  }

  /**
   * @param message the encoded message
   * @param groups  the connections by server, or null for every connection
   */
  private Future<BroadcastResult> broadcast(Outbound message,
      Map<GatewayServer, Collection<ConnectionBase>> groups) {
    Collection<GatewayServer> targets = groups == null ? servers : groups.keySet();
    if (message.hasNewline() && reachesText(targets, groups)) {
      return Future.failedFuture(new IllegalArgumentException(
          "a message for text-protocol connections must not contain \\n"));
    }
    message.shared();
    List<Future<BroadcastResult>> parts = new ArrayList<>(targets.size());
    for (GatewayServer server : targets) {
      Collection<ConnectionBase> connections = groups == null ? null : groups.get(server);
      parts.add(server.broadcast(message, connections));
    }
    return Future.all(parts).map(all -> {
      BroadcastResult sum = BroadcastResult.NONE;
      for (Future<BroadcastResult> part : parts) {
        sum = sum.plus(part.result());
      }
      return sum;
    });
  }

  private static boolean reachesText(Collection<GatewayServer> targets,
      Map<GatewayServer, Collection<ConnectionBase>> groups) {
    for (GatewayServer server : targets) {
      if (groups == null ? server.hasTextConnections()
          : groups.get(server).stream().anyMatch(c -> c.protocol() == Protocol.TEXT)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Connection connection(String id) {
    return local(id);
  }

  /**
   * @param id a client id
   * @return the connection of this node with that id, or null
   */
  ConnectionBase local(String id) {
    if (WorkermanClientId.matches(id)) { // no server in it: any of the node's may hold it
      for (GatewayServer server : servers) {
        ConnectionBase connection = server.connection(id);
        if (connection != null) {
          return connection;
        }
      }
      return null;
    }
    int dash = id == null ? -1 : id.lastIndexOf('-');
    if (dash < 0) {
      return null;
    }
    String serverId = id.substring(0, dash);
    for (GatewayServer server : servers) {
      if (serverId.equals(server.id())) {
        return server.connection(id);
      }
    }
    return null;
  }

  /**
   * @return the open connections of the node (a snapshot)
   */
  List<ConnectionBase> openConnections() {
    List<ConnectionBase> open = new ArrayList<>();
    for (GatewayServer server : servers) {
      for (ConnectionBase connection : server.connections()) {
        if (connection.isOpen()) {
          open.add(connection);
        }
      }
    }
    return open;
  }

  @Override
  public int connectionCount() {
    int count = 0;
    for (GatewayServer server : servers) {
      count += server.connectionCount();
    }
    return count;
  }

  /**
   * @return the status of every gateway node of the cluster ({@code GET /status?cluster=true})
   */
  public Future<JsonObject> clusterStatus() {
    Future<GatewayRouter> current = router;
    return current == null ? Future.failedFuture("the node runs no gateway")
        : current.compose(GatewayRouter::clusterStatus);
  }

  /**
   * @param limit the most rows per node
   * @return every gateway node's connection rows, at most {@code limit} each, and the nodes that
   *     did not answer ({@code GET /status/connections?cluster=true})
   */
  public Future<JsonObject> clusterConnections(int limit) {
    Future<GatewayRouter> current = router;
    return current == null ? Future.failedFuture("the node runs no gateway")
        : current.compose(routing -> routing.clusterConnections(limit));
  }

  /**
   * @param limit the most rows
   * @return this node's part of {@link #clusterConnections(int)}
   */
  Future<JsonObject> connections(int limit) {
    return StatusViews.nodeRows(servers, limit);
  }

  @Override
  public Future<JsonObject> status() {
    return NodeStatusJson.of(this, startedAt);
  }

  @Override
  public Future<JsonArray> connections() {
    return connections(Integer.MAX_VALUE).map(rows -> rows.getJsonArray("connections"));
  }
}
