package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.AddressAllowList;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.GatewayWorkermanOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway node's inner listener (GatewayWorker's {@code GatewayProtocol://lanIp:lanPort}): TCP
 * on {@code workerman.host:port}, taking connections from the addresses of
 * {@code phpClientsFrom} only, at most {@code maxConnections} at once; each one an
 * {@link InnerConnection}. A refused connection is closed at once with its reason logged.
 *
 * <p>Threading: {@link #listen()} and {@link #close()} on the owning verticle's context, where
 * the connections run.
 */
public final class WorkermanListener {

  private static final Logger LOG = LoggerFactory.getLogger(WorkermanListener.class);

  private final Vertx vertx;
  private final GatewayWorkermanOptions options;
  private final InnerCommands commands;
  private final WorkerHook workers;
  private final AddressAllowList allowed;
  private final RateLimitedLog log = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final Set<InnerConnection> connections = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private WorkermanAddress address;

  /**
   * @param vertx    the node's Vert.x
   * @param options  the listener's options (enabled)
   * @param commands runs the commands of authenticated connections
   * @param workers  told of BusinessWorker connections
   * @throws IllegalArgumentException when {@code phpClientsFrom} has a bad entry
   */
  public WorkermanListener(Vertx vertx, GatewayWorkermanOptions options, InnerCommands commands,
      WorkerHook workers) {
    this.vertx = vertx;
    this.options = new GatewayWorkermanOptions(options);
    this.commands = commands;
    this.workers = workers;
    this.allowed = AddressAllowList.of("workerman.phpClientsFrom", options.getPhpClientsFrom());
  }

  /**
   * @return the address PHP is told (advertised host, bound port), once listening; failed when
   *     the port cannot be bound or the host is no address PHP can connect to
   */
  public Future<WorkermanAddress> listen() {
    String advertised;
    try {
      advertised = options.advertisedAddress();
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    server = vertx.createNetServer(new NetServerOptions().setHost(options.getHost())
        .setPort(options.getPort()).setTcpNoDelay(true));
    server.connectHandler(this::accept);
    return server.listen().map(bound -> {
      address = new WorkermanAddress(advertised, bound.actualPort());
      LOG.info("Gateway inner listener (GatewayWorker's protocol) on {}:{}, advertised as {}",
          options.getHost(), bound.actualPort(), address);
      return address;
    });
  }

  /** @return the address PHP is told, or null before {@link #listen()} completed */
  public WorkermanAddress address() {
    return address;
  }

  /** @return the number of open inner connections */
  public int connectionCount() {
    return connections.size();
  }

  private void accept(NetSocket socket) {
    if (!allowed.allows(socket.remoteAddress())) {
      log.warn("Gateway inner connection from {} refused: not in workerman.phpClientsFrom",
          socket.remoteAddress());
      socket.close();
      return;
    }
    if (connections.size() >= options.getMaxConnections()) {
      log.warn("Gateway inner connection from {} refused: {} open (workerman.maxConnections)",
          socket.remoteAddress(), connections.size());
      socket.close();
      return;
    }
    InnerConnection[] self = new InnerConnection[1];
    self[0] = new InnerConnection(vertx, socket, options, commands, workers, log,
        () -> connections.remove(self[0]));
    connections.add(self[0]);
    self[0].start();
  }

  /**
   * Stops listening and closes every inner connection.
   *
   * @return completed when the listener is closed
   */
  public Future<Void> close() {
    connections.forEach(InnerConnection::close);
    return server == null ? Future.succeededFuture() : server.close();
  }
}
