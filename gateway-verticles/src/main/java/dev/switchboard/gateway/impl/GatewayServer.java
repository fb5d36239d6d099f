package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One gateway verticle instance: its listeners (HTTP with WebSocket and {@code /status}, and the
 * optional TCP frame and text ports), its connections, counters and liveness sweep.
 *
 * <p>Threading: everything runs on the verticle's context, where every listener delivers its
 * connections; {@link #connection(String)} may be called from any thread.
 */
public final class GatewayServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final long MIN_SWEEP_PERIOD = 10;
  private static final long MAX_SWEEP_PERIOD = 1_000;

  private final Vertx vertx;
  private final ContextInternal context;
  private final GatewayOptions options;
  private final GatewayHandler handler;
  private final GatewayStats stats = new GatewayStats();
  /** Lines about one client's errors, one per interval at most, shared by every listener. */
  private final RateLimitedLog clientLog = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final HttpAdmission admission;
  private final HttpEndpoints endpoints;
  private final Map<String, ConnectionBase> connections = new ConcurrentHashMap<>();
  private volatile int textConnections;
  private final GatewayNode node;
  private String id; // set once the node's routing is up
  private final long startedAt = System.currentTimeMillis();
  private long connectionSequence;
  private HttpServer http;
  private HttpServer statusHttp;
  private NetServer frameServer;
  private NetServer textServer;
  private long sweepTimer = -1;
  private final Queue<QueuedBroadcast> broadcasts = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private boolean draining;

  /**
   * @param vertx   the Vert.x instance
   * @param context the verticle's context
   * @param options the options
   * @param handler the application, or null when the options name a business to forward to
   */
  public GatewayServer(Vertx vertx, ContextInternal context, GatewayOptions options,
      GatewayHandler handler) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.handler = options.getBusiness() != null
        ? new BusinessForwarder(vertx, options, stats) : handler;
    this.node = GatewayNode.of(vertx);
    this.admission = new HttpAdmission(options, stats, clientLog);
    this.endpoints = new HttpEndpoints(this, admission, options.getWebRoot() == null ? null
        : new StaticFiles(vertx, options.getWebRoot()));
  }

  /**
   * Starts the handler, then the listeners and the sweep.
   *
   * @return completed when every listener listens
   */
  public Future<Void> start() {
    // the listeners must be created on the verticle's context: Vert.x hands each listener's
    // connections to the context it was started on, and the routing answers on its own
    Promise<String> joined = context.promise();
    node.join(this).onComplete(ar -> context.runOnContext(v -> joined.handle(ar)));
    return joined.future().compose(serverId -> {
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
    HttpServerOptions httpOptions = new HttpServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        .setHttp2ClearTextEnabled(false) // a WebSocket upgrade takes an HTTP/1.1 connection
        // no compression extension: Vert.x would accept a browser's permessage-deflate offer in
        // the 101 answer, and the gateway's frame decoder takes no extension
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setSslHandshakeTimeout(options.getHandshakeTimeout())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    options.applyTls(httpOptions);
    http = vertx.createHttpServer(httpOptions)
        .connectionHandler(connection -> admission.opened(connection, now()))
        .requestHandler(endpoints::request);
    Future<?> listening = http.listen();
    List<Future<?>> all = new ArrayList<>(List.of(listening));
    if (options.getStatusPort() != GatewayOptions.OFF) {
      // the status listener is for operators: its own address, no WebSocket, its own connections
      statusHttp = vertx.createHttpServer(new HttpServerOptions().setHost(options.getStatusHost())
          .setPort(options.getStatusPort()).setHttp2ClearTextEnabled(false)
          .setIdleTimeout((int) options.getHandshakeTimeout())
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
          .requestHandler(endpoints::statusRequest);
      all.add(statusHttp.listen());
    }
    if (options.getFramePort() != GatewayOptions.OFF) {
      frameServer = tcpServer(options.getFramePort(), Protocol.FRAME);
      all.add(frameServer.listen());
    }
    if (options.getTextPort() != GatewayOptions.OFF) {
      textServer = tcpServer(options.getTextPort(), Protocol.TEXT);
      all.add(textServer.listen());
    }
    return Future.all(all).<Void>mapEmpty()
        .onSuccess(v -> startSweep())
        .recover(failure -> stop().transform(ar -> Future.failedFuture(failure)));
  }

  private NetServer tcpServer(int port, Protocol protocol) {
    NetServerOptions netOptions = new NetServerOptions().setHost(options.getHost()).setPort(port)
        .setTcpNoDelay(true);
    options.applyTls(netOptions);
    return vertx.createNetServer(netOptions).connectHandler(socket -> tcp(socket, protocol));
  }

  private void startSweep() {
    long shortest = Math.min(options.getCloseTimeout(), options.getHandshakeTimeout());
    for (long limit : new long[] {options.getHeartbeatTimeout(), options.getPingInterval(),
        options.getAuthTimeout()}) {
      if (limit > 0) {
        shortest = Math.min(shortest, limit);
      }
    }
    long period = Math.max(MIN_SWEEP_PERIOD, Math.min(MAX_SWEEP_PERIOD, shortest / 4));
    sweepTimer = vertx.setPeriodic(period, t -> sweep());
  }

  private void sweep() {
    long now = now();
    admission.sweep(now);
    for (ConnectionBase connection : connections.values()) {
      try {
        connection.sweep(now);
      } catch (RuntimeException e) { // one connection's failure must not stop the others' limits
        stats.increment(Counter.EXCEPTIONS);
        LOG.error("Gateway {}: liveness check failed", connection, e);
      }
    }
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
    drainBroadcasts(); // what was broadcast before the stop goes out; then nothing more
    for (ConnectionBase connection : new ArrayList<>(connections.values())) {
      connection.destroy(CloseReason.SHUTDOWN);
    }
    List<Future<?>> closing = new ArrayList<>();
    closing.add(node.leave(this));
    for (HttpServer server : new HttpServer[] {http, statusHttp}) {
      if (server != null) {
        closing.add(server.close());
      }
    }
    for (NetServer tcp : new NetServer[] {frameServer, textServer}) {
      if (tcp != null) {
        closing.add(tcp.close());
      }
    }
    return Future.join(closing).mapEmpty();
  }

  // ---- accepting ---------------------------------------------------------------------------------

  private void tcp(NetSocket socket, Protocol protocol) {
    TcpConnection connection = new TcpConnection(this, context, socket, protocol);
    if (admission.admit(socket.remoteAddress())) {
      accept(connection);
    } else {
      connection.closeFor(CloseReason.TOO_MANY_CONNECTIONS);
    }
  }

  /** Registers a connection admitted under the limits (a WebSocket's with its HTTP one). */
  void accept(ConnectionBase connection) {
    connections.put(connection.id(), connection);
    if (connection.protocol() == Protocol.TEXT) {
      textConnections++;
    }
    connection.registered();
    stats.increment(Counter.CONNECTIONS);
    stats.increment(Counter.CONNECTIONS_TOTAL);
    callback(connection, h -> h.onConnect(connection));
  }

  void unregister(ConnectionBase connection) {
    if (connections.remove(connection.id()) != null) {
      admission.release(connection.remoteAddress());
      node.closed(connection);
      stats.add(Counter.CONNECTIONS, -1);
      if (connection.protocol() == Protocol.TEXT) {
        textConnections--;
      }
    }
  }

  // ---- services to connections ----------------------------------------------------------------

  String nextConnectionId() {
    return id + "-" + ++connectionSequence;
  }

  GatewayOptions options() {
    return options;
  }

  GatewayStats stats() {
    return stats;
  }

  long now() {
    return System.nanoTime() / 1_000_000;
  }

  /** Runs an application callback; what it throws is logged and counted, never propagated. */
  void callback(Connection connection, Consumer<GatewayHandler> call) {
    try {
      call.accept(handler);
    } catch (RuntimeException | Error e) {
      stats.increment(Counter.EXCEPTIONS);
      LOG.error("Gateway handler failed on {}", connection, e);
    }
  }

  /** @return the log of per-client errors of this server's listeners */
  RateLimitedLog clientLog() {
    return clientLog;
  }

  void transportException(ConnectionBase connection, Throwable failure) {
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

  ContextInternal context() {
    return context;
  }

  ConnectionBase connection(String connectionId) {
    return connections.get(connectionId);
  }

  int connectionCount() {
    return connections.size();
  }

  /**
   * @return whether text-protocol clients are connected (a recent value, from any thread)
   */
  boolean hasTextConnections() {
    return textConnections > 0;
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
    QueuedBroadcast queued = new QueuedBroadcast(message, targets, context.promise());
    broadcasts.add(queued);
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drainBroadcasts());
    }
    return queued.done.future();
  }

  /**
   * Sends the queued broadcasts; on the context. Every send to a connection and every graceful
   * close calls this first, so a broadcast and a send (or close) made in that order by one sender
   * arrive in that order.
   */
  void drainBroadcasts() {
    if (draining) {
      return; // a callback of the drain sends: the drain goes on after it
    }
    if (!drainScheduled.get() && broadcasts.isEmpty()) {
      return; // nothing queued (the common case of a send)
    }
    draining = true;
    drainScheduled.set(false);
    try {
      List<QueuedBroadcast> run = new ArrayList<>();
      QueuedBroadcast next;
      while ((next = broadcasts.poll()) != null) {
        run.add(next);
      }
      if (!run.isEmpty()) {
        send(run);
      }
    } finally {
      draining = false;
    }
  }

  /**
   * Sends broadcasts that queued up together: each connection gets its messages, in queue order,
   * in one write and one flush.
   */
  private void send(List<QueuedBroadcast> queued) {
    BroadcastTally[] tallies = new BroadcastTally[queued.size()];
    boolean allToAll = true;
    for (int i = 0; i < queued.size(); i++) {
      tallies[i] = new BroadcastTally();
      allToAll &= queued.get(i).targets == null;
    }
    if (allToAll || queued.size() == 1) {
      List<Outbound> messages = new ArrayList<>(queued.size());
      queued.forEach(q -> messages.add(q.message));
      Collection<ConnectionBase> targets = allToAll ? connections.values() : queued.get(0).targets;
      for (ConnectionBase connection : targets) {
        connection.send(messages, tallies);
      }
    } else {
      // which of the messages each connection gets, in order
      Map<ConnectionBase, List<Integer>> mine = new LinkedHashMap<>();
      for (int i = 0; i < queued.size(); i++) {
        Collection<ConnectionBase> targets = queued.get(i).targets;
        for (ConnectionBase connection : targets == null ? connections.values() : targets) {
          mine.computeIfAbsent(connection, c -> new ArrayList<>(2)).add(i);
        }
      }
      mine.forEach((connection, indexes) -> {
        List<Outbound> messages = new ArrayList<>(indexes.size());
        BroadcastTally[] counts = new BroadcastTally[indexes.size()];
        for (int j = 0; j < indexes.size(); j++) {
          messages.add(queued.get(indexes.get(j)).message);
          counts[j] = tallies[indexes.get(j)];
        }
        connection.send(messages, counts);
      });
    }
    for (int i = 0; i < queued.size(); i++) {
      queued.get(i).done.complete(tallies[i].result());
    }
  }

  /** A broadcast waiting for the context. */
  private record QueuedBroadcast(Outbound message, Collection<ConnectionBase> targets,
      Promise<BroadcastResult> done) {
  }

  /**
   * @return this server's status entry; on its context
   */
  JsonObject status(long[] counters) {
    JsonObject json = new JsonObject().put("id", id)
        .put("port", http == null ? null : http.actualPort())
        .put("framePort", frameServer == null ? null : frameServer.actualPort())
        .put("textPort", textServer == null ? null : textServer.actualPort())
        .put("startedAt", startedAt);
    return GatewayStats.toJson(counters, json);
  }

  /**
   * @return each connection's line of the {@code connections} view; on its context
   */
  List<JsonObject> describeConnections() {
    List<JsonObject> lines = new ArrayList<>(connections.size());
    for (ConnectionBase connection : connections.values()) {
      lines.add(connection.describe().put("verticle", id));
    }
    return lines;
  }

  /**
   * @return the HTTP port, once listening
   */
  public int actualPort() {
    return http.actualPort();
  }

  /**
   * @return the status listener's port, or {@link GatewayOptions#OFF}
   */
  public int actualStatusPort() {
    return statusHttp == null ? GatewayOptions.OFF : statusHttp.actualPort();
  }

  /**
   * @return the frame protocol's port, or {@link GatewayOptions#OFF}
   */
  public int actualFramePort() {
    return frameServer == null ? GatewayOptions.OFF : frameServer.actualPort();
  }

  /**
   * @return the text protocol's port, or {@link GatewayOptions#OFF}
   */
  public int actualTextPort() {
    return textServer == null ? GatewayOptions.OFF : textServer.actualPort();
  }

  /**
   * @return the node's connections, as the application sees them
   */
  public GatewayNode node() {
    return node;
  }
}
