package dev.switchboard.gateway.impl.register;

import dev.switchboard.core.internal.AddressAllowList;
import dev.switchboard.core.internal.PortInUse;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.RegisterOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GatewayWorker's Register on one node: a text listener (one JSON object per line) where PHP
 * BusinessWorkers and GatewayClients send {@code worker_connect} and get
 * {@code {"event":"broadcast_addresses","addresses":[...]}}, the inner addresses of every gateway
 * node of the cluster ({@link GatewayDirectory}), again whenever the list changes.
 *
 * <p>Threading: everything on the verticle's context.
 */
public final class RegisterServer {

  private static final Logger LOG = LoggerFactory.getLogger(RegisterServer.class);

  private final Vertx vertx;
  private final RegisterOptions options;
  private final AddressAllowList allowed;
  private final GatewayDirectory directory;
  /** Lines about one peer's errors, one per interval at most. */
  private final RateLimitedLog peerLog = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final Set<RegisterConnection> connections = new HashSet<>();
  private final Set<RegisterConnection> workers = new HashSet<>();
  private NetServer server;
  private long refused;
  private long closedForErrors;

  /**
   * @param vertx   the node
   * @param options the options
   * @throws IllegalArgumentException when {@code phpClientsFrom} holds a bad entry
   */
  public RegisterServer(Vertx vertx, RegisterOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.allowed = AddressAllowList.of("phpClientsFrom", options.getPhpClientsFrom());
    this.directory = new GatewayDirectory(vertx, options.getRefreshInterval(), this::broadcast);
  }

  /** @return completed once the first address list is read and the listener listens */
  public Future<Void> start() {
    return directory.start().compose(v -> {
      server = vertx.createNetServer(new NetServerOptions().setHost(options.getHost())
          .setPort(options.getPort()));
      server.connectHandler(this::accept);
      return PortInUse.named(server.listen(), "Register port", options.getHost(),
          options.getPort());
    }).<Void>mapEmpty().recover(e -> stop().transform(ar -> Future.failedFuture(e)));
  }

  /** @return completed when the listener and every connection are closed */
  public Future<Void> stop() {
    List.copyOf(connections).forEach(c -> c.close(null));
    Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
    return closing.eventually(directory::stop);
  }

  /** @return the port listened on, once started */
  public int actualPort() {
    return server.actualPort();
  }

  /** @return the addresses the Register tells now */
  public List<String> addresses() {
    return directory.addresses();
  }

  /** @return this Register's counters */
  public JsonObject status() {
    return new JsonObject().put("connections", connections.size()).put("workers", workers.size())
        .put("addresses", new JsonArray(directory.addresses())).put("refused", refused)
        .put("closedForErrors", closedForErrors);
  }

  private void accept(NetSocket socket) {
    String from = socket.remoteAddress().hostAddress();
    if (!allowed.allows(socket.remoteAddress())) {
      refused++;
      peerLog.warn("Register: refused {}: not in phpClientsFrom {}", socket.remoteAddress(),
          allowed.entries());
      socket.close();
      return;
    }
    if (connections.size() >= options.getMaxConnections()) {
      refused++;
      peerLog.warn("Register: refused {}: maxConnections ({}) reached", socket.remoteAddress(),
          options.getMaxConnections());
      socket.close();
      return;
    }
    LOG.debug("Register: connection from {}", from);
    connections.add(new RegisterConnection(vertx, socket, options, this));
  }

  // ---- called by connections ------------------------------------------------------------------

  /** A connection sent an accepted {@code worker_connect}: it hears the addresses from now on. */
  void registered(RegisterConnection connection) {
    workers.add(connection);
    connection.send(message(directory.addresses()));
  }

  /** A connection was closed for a bad request: logged (rate-limited) with its reason. */
  void failed(RegisterConnection connection, String reason) {
    closedForErrors++;
    peerLog.warn("Register: closed {}: {}", connection, reason);
  }

  /** A connection closed. */
  void closed(RegisterConnection connection) {
    connections.remove(connection);
    workers.remove(connection);
  }

  private void broadcast(List<String> addresses) {
    Buffer message = message(addresses);
    List.copyOf(workers).forEach(worker -> worker.send(message));
  }

  private static Buffer message(List<String> addresses) {
    return new JsonObject().put("event", "broadcast_addresses")
        .put("addresses", new JsonArray(addresses)).toBuffer().appendByte((byte) '\n');
  }
}
