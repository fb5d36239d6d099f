package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Protocol;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One verticle's open connections: accepting them under the connection limits, counting them,
 * finding them by id, removing them once they close, and the liveness sweep over them.
 *
 * <p>A connection is registered once ({@code accepted}) and removed once ({@code removed}),
 * whatever closed it; a connection refused by the limits is closed
 * with reason {@code too_many_connections} and never registered (no onConnect, no onClose), and
 * so is one the connect hook rejects (after it took a place, given back then).
 *
 * <p>Threading: on the verticle's context, except {@link #get}, {@link #size()} and
 * {@link #hasTextConnections()}, which may be called from any thread (a recent value).
 */
final class ConnectionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);
  private static final long MIN_SWEEP_PERIOD = 10;
  private static final long MAX_SWEEP_PERIOD = 1_000;

  private final Map<String, ConnectionBase> connections = new ConcurrentHashMap<>();
  /** Connections holding a place, waiting for the connect hook. */
  private final Set<ConnectionBase> admitted = new HashSet<>();
  private final GatewayStats stats;
  private final Predicate<SocketAddress> limits;
  private final Consumer<ConnectionBase> accepted;
  private final Consumer<ConnectionBase> removed;
  private final Consumer<ConnectionBase> release;
  private final Shedding shedding;
  /** Connections refused by the limits, being told why (each holds a place of {@link Shedding}). */
  private final Set<ConnectionBase> shed = new HashSet<>();
  private volatile int textConnections;

  /**
   * @param stats  the verticle's counters
   * @param limits   whether a new connection from an address is within the connection limits
   *                 (it then holds a place, which {@code release} gives back)
   * @param release  gives back the place of a connection that leaves the limits
   * @param accepted a connection was registered: the application's onConnect
   * @param removed  a registered connection closed and left the registry (its place is given
   *                 back first)
   * @param shedding the bound of refused connections told why at a time
   */
  ConnectionRegistry(GatewayStats stats, Predicate<SocketAddress> limits,
      Consumer<ConnectionBase> release, Consumer<ConnectionBase> accepted,
      Consumer<ConnectionBase> removed, Shedding shedding) {
    this.stats = stats;
    this.shedding = shedding;
    this.limits = limits;
    this.release = release;
    this.accepted = accepted;
    this.removed = removed;
  }

  /**
   * A new TCP connection takes a place under the limits, or is closed with its reason: told why
   * ({@code too_many_connections}, counted in {@code shed}) within the bound of {@link Shedding},
   * reset beyond it.
   *
   * @return whether it has a place: then it is {@link #accept}ed, or its place given back with
   *     {@link #abandon}
   */
  boolean admit(ConnectionBase connection) {
    if (limits.test(connection.remoteAddress())) {
      admitted.add(connection);
      stats.increment(Counter.CONNECTING);
      return true;
    }
    if (shedding.take()) {
      shed.add(connection);
      stats.increment(Counter.SHED);
      connection.closeFor(CloseReason.TOO_MANY_CONNECTIONS);
    } else {
      connection.destroy(CloseReason.TOO_MANY_CONNECTIONS);
    }
    return false;
  }

  /**
   * A new connection accepted as it is: {@link #admit}, then {@link #accept}.
   *
   * @return whether it was registered
   */
  boolean offer(ConnectionBase connection) {
    if (!admit(connection)) {
      return false;
    }
    accept(connection);
    return true;
  }

  /**
   * Gives back the place of a connection admitted and never registered (rejected, or gone while
   * the hook decided); once, however often it is called.
   */
  void abandon(ConnectionBase connection) {
    if (shed.remove(connection)) {
      shedding.release();
    }
    if (admitted.remove(connection)) {
      stats.add(Counter.CONNECTING, -1);
      release.accept(connection);
    }
  }

  /** Registers a connection admitted under the limits (a WebSocket's with its HTTP one). */
  void accept(ConnectionBase connection) {
    if (admitted.remove(connection)) {
      stats.add(Counter.CONNECTING, -1);
    }
    connections.put(connection.id(), connection);
    if (connection.protocol() == Protocol.TEXT) {
      textConnections++;
    }
    connection.registered();
    stats.increment(Counter.CONNECTIONS);
    stats.increment(Counter.CONNECTIONS_TOTAL);
    accepted.accept(connection);
  }

  /** A connection closed: it leaves the registry, once. */
  void remove(ConnectionBase connection) {
    if (connections.remove(connection.id()) != null) {
      release.accept(connection);
      removed.accept(connection);
      stats.add(Counter.CONNECTIONS, -1);
      if (connection.protocol() == Protocol.TEXT) {
        textConnections--;
      }
    }
  }

  /** @return the connection with that id, or null; any thread */
  ConnectionBase get(String id) {
    return connections.get(id);
  }

  /** @return how many connections are registered; any thread */
  int size() {
    return connections.size();
  }

  /** @return whether text-protocol clients are connected (a recent value, from any thread) */
  boolean hasTextConnections() {
    return textConnections > 0;
  }

  /** @return the registered connections (a live view) */
  Collection<ConnectionBase> all() {
    return connections.values();
  }

  /** Destroys every connection with a reason. */
  void destroyAll(CloseReason reason) {
    for (ConnectionBase connection : new ArrayList<>(connections.values())) {
      connection.destroy(reason);
    }
  }

  /**
   * Applies every connection's time limits; one connection's failure does not stop the others'.
   *
   * @param now the clock, ms
   */
  void sweep(long now) {
    for (ConnectionBase connection : connections.values()) {
      try {
        connection.sweep(now);
      } catch (RuntimeException e) {
        stats.increment(Counter.EXCEPTIONS);
        LOG.error("Gateway {}: liveness check failed", connection, e);
      }
    }
  }

  /**
   * @return the period of the liveness sweep: a quarter of the shortest time limit, within
   *     10 ms and 1 s
   */
  static long sweepPeriod(GatewayOptions options) {
    long shortest = Math.min(options.getCloseTimeout(), options.getHandshakeTimeout());
    for (long limit : new long[] {options.getHeartbeatTimeout(), options.getPingInterval(),
        options.getAuthTimeout()}) {
      if (limit > 0) {
        shortest = Math.min(shortest, limit);
      }
    }
    return Math.max(MIN_SWEEP_PERIOD, Math.min(MAX_SWEEP_PERIOD, shortest / 4));
  }

  /**
   * @param verticle the verticle's id
   * @param limit    the most lines
   * @return each connection's line of the {@code connections} view, at most {@code limit}
   */
  List<JsonObject> describe(String verticle, int limit) {
    List<JsonObject> lines = new ArrayList<>(Math.min(limit, connections.size()));
    for (ConnectionBase connection : connections.values()) {
      if (lines.size() >= limit) {
        break;
      }
      lines.add(connection.describe().put("verticle", verticle));
    }
    return lines;
  }
}
