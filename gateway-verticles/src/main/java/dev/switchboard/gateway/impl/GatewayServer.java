package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * One gateway verticle instance: its listeners (HTTP with WebSocket and {@code /status}, and the
 * optional TCP frame and text ports), and the host of its connections ({@link ConnectionHost}):
 * their registry ({@link ConnectionRegistry}), broadcast queue ({@link BroadcastQueue}),
 * counters and liveness sweep.
 *
 * <p>Threading: everything runs on the verticle's context, where every listener delivers its
 * connections; {@link #connection(String)} may be called from any thread.
 */
public final class GatewayServer implements ConnectionHost {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  private final Vertx vertx;
  private final Context context;
  private final GatewayOptions options;
  private final GatewayHandler handler;
  private final GatewayStats stats = new GatewayStats();
  /** Lines about one client's errors, one per interval at most, shared by every listener. */
  private final RateLimitedLog clientLog = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final HttpAdmission admission;
  private final ClientAddresses clientAddresses;
  private final ProxyProtocolGate proxyGate;
  private final GatewayListeners listeners;
  private final HttpRoutes routes;
  private final ConnectGate gate;
  private final ConnectionRegistry connections;
  private final BroadcastQueue<ConnectionBase> broadcasts;
  private final GatewayNode node;
  private final WorkermanSide workerman;
  private String id; // set once the node's routing is up
  private final long startedAt = System.currentTimeMillis();
  private long connectionSequence;
  private long sweepTimer = -1;

  /**
   * @param vertx   the Vert.x instance
   * @param context the verticle's context
   * @param options the options
   * @param handler the application, or null when the options name a business to forward to, or
   *                have the PHP BusinessWorkers take the events ({@link Forwarders})
   */
  public GatewayServer(Vertx vertx, Context context, GatewayOptions options,
      GatewayHandler handler) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.node = GatewayNode.of(vertx);
    this.clientAddresses = new ClientAddresses(options);
    this.proxyGate = new ProxyProtocolGate(clientAddresses.trusted(), stats, clientLog,
        options.getHandshakeTimeout());
    this.listeners = new GatewayListeners(vertx, options, proxyGate);
    this.handler = Forwarders.of(vertx, options, stats, node, handler, listeners::port);
    this.admission = new HttpAdmission(options, stats, clientLog, clientAddresses, proxyGate);
    this.connections = new ConnectionRegistry(stats, admission::admit,
        connection -> admission.release(connection.remoteAddress()), this::connected,
        node::closed, admission.shedding());
    this.gate = new ConnectGate(vertx, context, options, stats, clientLog,
        this.handler::onHandshake);
    this.broadcasts = new BroadcastQueue<>(task -> context.runOnContext(v -> task.run()),
        connections::all);
    this.routes = new HttpRoutes(vertx, this, admission);
    this.workerman = new WorkermanSide(vertx, node, options.getWorkerman(),
        Forwarders.hook(this.handler, node));
  }

  /**
   * Starts the handler, then the listeners and the sweep.
   *
   * @return completed when every listener listens
   */
  public Future<Void> start() {
    // the listeners must be created on the verticle's context: Vert.x hands each listener's
    // connections to the context it was started on, and the routing answers on its own
    return gate.start().compose(v -> {
      Promise<String> joined = Promise.promise();
      node.join(this).onComplete(ar -> context.runOnContext(x -> joined.handle(ar)));
      return joined.future();
    }).compose(serverId -> {
      id = serverId;
      try {
        handler.onStart(node);
      } catch (RuntimeException e) {
        return node.leave(this).transform(ar -> Future.failedFuture(e));
      }
      return listen();
    });
  }

  private Future<Void> listen() {
    TcpAccept tcp = new TcpAccept(this, context, proxyGate, connections, gate);
    return workerman.start().compose(v -> listeners.listen(
        connection -> admission.opened(connection, now()), routes::request,
        routes::statusRequest, tcp::accept))
        .onSuccess(v -> startSweep())
        .recover(failure -> stop().transform(ar -> Future.failedFuture(failure)));
  }

  private void startSweep() {
    sweepTimer = vertx.setPeriodic(ConnectionRegistry.sweepPeriod(options), t -> sweep());
  }

  private void sweep() {
    long now = now();
    admission.sweep(now);
    connections.sweep(now);
  }

  /**
   * Closes every connection (reason {@code shutdown}) and the listeners.
   *
   * @return completed when the listeners are closed
   */
  public Future<Void> stop() {
    if (sweepTimer != -1) {
      vertx.cancelTimer(sweepTimer);
    }
    broadcasts.drain(); // what was broadcast before the stop goes out; then nothing more
    connections.destroyAll(CloseReason.SHUTDOWN);
    List<Future<?>> closing = new ArrayList<>(listeners.close());
    closing.add(workerman.stop());
    closing.add(node.leave(this));
    return Future.join(closing).mapEmpty();
  }

  // ---- accepting ---------------------------------------------------------------------------------

  /**
   * Asks the connect hook about a client.
   *
   * @param handshake what the client presented
   * @param token     the token it presented (when {@link #checksTokens()}), or null
   * @return the decision, on the verticle's context; never failed
   */
  Future<ConnectGate.Verdict> decide(Handshake handshake, String token) {
    return gate.decide(handshake, token);
  }

  /** @return whether clients must present a connect token (the {@code jwt} option) */
  boolean checksTokens() {
    return options.getJwt() != null;
  }

  /** Registers a connection admitted under the limits (a WebSocket's with its HTTP one). */
  void accept(ConnectionBase connection) {
    connections.accept(connection);
  }

  /** A connection was registered: its connect decision applies, then onConnect runs. */
  private void connected(ConnectionBase connection) {
    ConnectDecision decision = connection.takeDecision();
    if (decision != null) {
      node.admitted(connection, decision);
    }
    callback(connection, h -> h.onConnect(connection));
  }

  // ---- ConnectionHost: services to connections --------------------------------------------------

  @Override
  public void unregister(ConnectionBase connection) {
    connections.remove(connection);
  }

  @Override
  public void forget(ConnectionBase connection) {
    connections.abandon(connection);
  }

  @Override
  public void beforeSend() {
    broadcasts.drain();
  }

  @Override
  public String nextConnectionId() {
    return workerman.on() ? node.workerman().nextId() : id + "-" + ++connectionSequence;
  }

  @Override
  public GatewayOptions options() {
    return options;
  }

  @Override
  public GatewayStats stats() {
    return stats;
  }

  @Override
  public long now() {
    return System.nanoTime() / 1_000_000;
  }

  /** Runs an application callback; what it throws is logged and counted, never propagated. */
  @Override
  public void callback(Connection connection, Consumer<GatewayHandler> call) {
    try {
      call.accept(handler);
    } catch (RuntimeException | Error e) {
      stats.increment(Counter.EXCEPTIONS);
      LOG.error("Gateway handler failed on {}", connection, e);
    }
  }

  /** @return the log of per-client errors of this server's listeners */
  @Override
  public RateLimitedLog clientLog() {
    return clientLog;
  }

  @Override
  public void transportException(ConnectionBase connection, Throwable failure) {
    if (failure instanceof IOException) {
      LOG.debug("Gateway {}: {}", connection, failure.toString());
      return; // a reset peer: the close handler follows
    }
    stats.increment(Counter.EXCEPTIONS);
    clientLog.warn("Gateway {}: {}", connection, failure.toString());
  }

  // ---- node services ----------------------------------------------------------------------------

  String id() {
    return id;
  }

  Context context() {
    return context;
  }

  /** @return who sent an HTTP request, after trusted proxies */
  ClientAddresses clientAddresses() {
    return clientAddresses;
  }

  ConnectionBase connection(String connectionId) {
    return connections.get(connectionId);
  }

  int connectionCount() {
    return connections.size();
  }

  /** @return the registered connections (a live view, from any thread) */
  Collection<ConnectionBase> connections() {
    return connections.all();
  }

  /** @return whether text-protocol clients are connected (a recent value, from any thread) */
  boolean hasTextConnections() {
    return connections.hasTextConnections();
  }

  /**
   * Sends one encoded message to connections of this server, from any thread. It is queued and
   * sent on the context in order; consecutive broadcasts to every connection that queue up while
   * the event loop is busy go out together, one flush per connection for the lot.
   *
   * @param message the message
   * @param targets the connections, or null for all
   * @return what happened, once sent
   */
  Future<BroadcastResult> broadcast(Outbound message, Collection<ConnectionBase> targets) {
    return broadcasts.add(message, targets);
  }

  /** @return this server's status entry; on its context */
  JsonObject status(long[] counters) {
    JsonObject json = new JsonObject().put("id", id)
        .put("port", listeners.port())
        .put("framePort", offToNull(listeners.framePort()))
        .put("textPort", offToNull(listeners.textPort()))
        .put("startedAt", startedAt);
    return GatewayStats.toJson(counters, json);
  }

  private static Integer offToNull(int port) {
    return port == GatewayOptions.OFF ? null : port;
  }

  /** @return each connection's line of the {@code connections} view; on its context */
  List<JsonObject> describeConnections() {
    return connections.describe(id, Integer.MAX_VALUE);
  }

  /**
   * @param limit the most rows
   * @return the rows of at most {@code limit} connections; on the verticle's context
   */
  List<JsonObject> describeConnections(int limit) {
    return connections.describe(id, limit);
  }

  /** @return the HTTP port, once listening */
  public int actualPort() {
    return listeners.port();
  }

  /** @return the status listener's port, or {@link GatewayOptions#OFF} */
  public int actualStatusPort() {
    return listeners.statusPort();
  }

  /** @return the metrics listener's port, or {@code MetricsOptions.OFF} */
  public int actualMetricsPort() {
    return listeners.metricsPort();
  }

  /** @return GatewayWorker's inner listener address as PHP knows it, or null when off */
  public String workermanAddress() {
    return workerman.on() && node.workerman().address() != null
        ? node.workerman().address().toString() : null;
  }

  /** @return the frame protocol's port, or {@link GatewayOptions#OFF} */
  public int actualFramePort() {
    return listeners.framePort();
  }

  /** @return the text protocol's port, or {@link GatewayOptions#OFF} */
  public int actualTextPort() {
    return listeners.textPort();
  }

  /** @return the node's connections, as the application sees them */
  public GatewayNode node() {
    return node;
  }
}
