package dev.switchboard.gateway.impl.phpworker;

import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.core.internal.PhpSerializeException;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.impl.business.ClientSessions;
import dev.switchboard.gateway.impl.workerman.GatewayCommand;
import dev.switchboard.gateway.impl.workerman.GatewayPacket;
import dev.switchboard.gateway.impl.workerman.GatewayProtocol;
import dev.switchboard.gateway.impl.workerman.WorkermanAddress;
import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A gateway verticle's handler when its clients' events go to PHP BusinessWorkers (GatewayWorker's
 * Gateway): each client event becomes a packet of GatewayWorker's inner protocol to the worker of
 * the client ({@link WorkerPool#route}): {@code CMD_ON_CONNECT}, then for a WebSocket
 * {@code CMD_ON_WEBSOCKET_CONNECT} with {@link ServerVars}, {@code CMD_ON_MESSAGE} with the message
 * as body, {@code CMD_ON_CLOSE}. Each carries the node's inner address and the client's
 * connection id (together its client id), the client's address, the port it connected to, and its
 * session as PHP {@code serialize()}d it in ext_data (empty when it has none).
 *
 * <p>No worker connected: the client is closed with {@code no_business} (GatewayWorker destroys
 * it). A worker whose send buffer is full: the event is dropped, counted and logged, as
 * GatewayWorker does ("SendBufferToWorker fail").
 *
 * <p>Threading: on the verticle's context, as every {@link GatewayHandler}.
 */
public final class WorkerForwarder implements GatewayHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerForwarder.class);

  private final WorkerPool pool;
  private final Supplier<WorkermanAddress> address;
  private final ClientSessions sessions;
  private final ToIntFunction<Protocol> gatewayPort;
  private final Consumer<Connection> noWorker;
  private final RateLimitedLog log = new RateLimitedLog(LOG, RateLimitedLog.DEFAULT_INTERVAL);
  private final Map<Connection, WorkerPool.Worker> routes = new HashMap<>();

  /**
   * @param pool        the node's BusinessWorkers
   * @param address     the node's inner address (made of it, the client ids)
   * @param sessions    the node's sessions
   * @param gatewayPort the port of each protocol's listener
   * @param noWorker    closes a client when no worker is connected
   */
  public WorkerForwarder(WorkerPool pool, Supplier<WorkermanAddress> address,
      ClientSessions sessions, ToIntFunction<Protocol> gatewayPort,
      Consumer<Connection> noWorker) {
    this.pool = pool;
    this.address = address;
    this.sessions = sessions;
    this.gatewayPort = gatewayPort;
    this.noWorker = noWorker;
  }

  @Override
  public void onConnect(Connection connection) {
    if (forward(connection, GatewayCommand.ON_CONNECT, Buffer.buffer(), true)
        && connection.protocol() == Protocol.WEBSOCKET) {
      JsonObject vars = ServerVars.of(connection.handshake(),
          gatewayPort.applyAsInt(Protocol.WEBSOCKET));
      forward(connection, GatewayCommand.ON_WEBSOCKET_CONNECT, PhpSerialize.encode(vars), false);
    }
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    forward(connection, GatewayCommand.ON_MESSAGE, message, true);
  }

  @Override
  public void onClose(Connection connection) {
    if (!pool.isEmpty()) {
      forward(connection, GatewayCommand.ON_CLOSE, Buffer.buffer(), true);
    }
    pool.release(routes.remove(connection));
  }

  /** @return whether the event went to a worker (or was dropped for its full buffer) */
  private boolean forward(Connection connection, int cmd, Buffer body, boolean scalar) {
    WorkerPool.Worker current = routes.get(connection);
    WorkerPool.Worker worker = pool.route(current);
    if (worker == null) {
      routes.remove(connection);
      if (cmd != GatewayCommand.ON_CLOSE) {
        log.warn("No BusinessWorker connected to this node: client {} closed (no_business)",
            connection.id());
        noWorker.accept(connection);
      }
      return false;
    }
    if (worker != current) {
      routes.put(connection, worker);
    }
    if (worker.connection.writeQueueFull()) {
      pool.dropped(worker);
      log.warn("Event {} of client {} dropped: the send buffer to {} is full", cmd,
          connection.id(), worker);
      return true;
    }
    worker.connection.send(packet(connection, cmd, body, scalar));
    return true;
  }

  private GatewayPacket packet(Connection connection, int cmd, Buffer body, boolean scalar) {
    WorkermanAddress inner = address.get();
    WorkermanClientId id = WorkermanClientId.parse(connection.id());
    String[] client = ServerVars.hostAndPort(connection.handshake().clientAddress());
    return new GatewayPacket(cmd, inner.ipNumber(), inner.port(), ipv4(client[0]),
        ServerVars.parsePort(client[1]), id == null ? 0 : id.connectionId(),
        scalar ? GatewayProtocol.FLAG_BODY_IS_SCALAR : 0,
        gatewayPort.applyAsInt(connection.protocol()), session(connection), body);
  }

  private Buffer session(Connection connection) {
    JsonObject session = sessions.get(connection);
    if (session == null || session.isEmpty()) {
      return Buffer.buffer();
    }
    try {
      return PhpSerialize.encode(session);
    } catch (PhpSerializeException e) {
      log.warn("The session of client {} cannot be given to PHP: {}", connection.id(),
          e.getMessage());
      return Buffer.buffer();
    }
  }

  /** @return an IPv4 address as PHP's {@code ip2long} gives it, 0 for anything else */
  static long ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return 0;
    }
    long value = 0;
    for (String part : parts) {
      int octet = ServerVars.parsePort(part);
      if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
        return 0;
      }
      value = value << 8 | octet;
    }
    return value;
  }
}
