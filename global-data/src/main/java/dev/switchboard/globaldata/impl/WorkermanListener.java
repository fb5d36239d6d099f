package dev.switchboard.globaldata.impl;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.core.internal.AddressAllowList;
import dev.switchboard.core.internal.ConnectionLimits;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.core.internal.PortInUse;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.globaldata.WorkermanOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * A TCP listener speaking Workerman GlobalData's protocol (frame plus PHP {@code serialize()}) on
 * GlobalData's own map, so that PHP's {@code GlobalData\Client} and the Java API share the
 * variables (docs/global-data.md, "Workerman's GlobalData protocol"). Only addresses of {@code
 * phpClientsFrom} are served; connections are bounded in number, frame size and silence.
 *
 * <p>Threading: {@link #start} and {@link #close} from the deploying verticle's context;
 * connections run on that context; {@link #stats} from any thread.
 */
public final class WorkermanListener {

  private static final Logger LOG = LoggerFactory.getLogger(WorkermanListener.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private final WorkermanOptions options;
  private final int maxKeyLength;
  private final AddressAllowList allowed;
  private final ConnectionLimits limits;
  private final WorkermanCommands commands;
  private final WorkermanStats stats;
  private final RateLimitedLog clientLog = new RateLimitedLog(
      LoggerFactory.getLogger(WorkermanConnection.class), RateLimitedLog.DEFAULT_INTERVAL);
  private final Set<WorkermanConnection> connections = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private long idleTimer = -1;

  private WorkermanListener(Vertx vertx, HazelcastInstance hazelcast, GlobalDataOptions data,
      WorkermanOptions options) {
    this.vertx = vertx;
    this.options = new WorkermanOptions(options);
    this.maxKeyLength = data.getMaxKeyLength();
    this.allowed = PhpClientsFrom.of(options.getPhpClientsFrom());
    this.limits = new ConnectionLimits(options.getWorkermanMaxConnections(), 0);
    MeterRegistry registry = NodeMetrics.registry(vertx, data.getMetrics());
    this.commands = new WorkermanCommands(hazelcast.getMap(data.getMapName()),
        data.getMaxValueSize(), GlobalDataMeters.workerman(registry));
    this.stats = new WorkermanStats(registry, limits::open);
  }

  /**
   * Starts the listener.
   *
   * @param vertx     the node
   * @param hazelcast its Hazelcast member
   * @param data      GlobalData's options (map, limits, metrics)
   * @param options   the listener's options, its port not {@link WorkermanOptions#OFF}
   * @return a future completed with the listener once it listens, failed naming the port when
   *     it cannot
   */
  public static Future<WorkermanListener> start(Vertx vertx, HazelcastInstance hazelcast,
      GlobalDataOptions data, WorkermanOptions options) {
    WorkermanListener listener = new WorkermanListener(vertx, hazelcast, data, options);
    NetServer created = vertx.createNetServer(new NetServerOptions()
        .setHost(options.getWorkermanHost()).setPort(options.getWorkermanPort())
        .setTcpNoDelay(true)).connectHandler(listener::accept);
    return PortInUse.named(created.listen(), "GlobalData Workerman port",
        options.getWorkermanHost(), options.getWorkermanPort())
        .map(listening -> {
          listener.server = listening;
          long timeout = options.getWorkermanIdleTimeout();
          if (timeout > 0) {
            listener.idleTimer = vertx.setPeriodic(Math.max(20, timeout / 4), t -> {
              long now = System.currentTimeMillis();
              listener.connections.forEach(c -> c.closeIfSilent(now, timeout));
            });
          }
          LOG.info("GlobalData Workerman listener on {}:{} for PHP clients from {}",
              options.getWorkermanHost(), listening.actualPort(), options.getPhpClientsFrom());
          return listener;
        });
  }

  private void accept(NetSocket socket) {
    if (!allowed.allows(socket.remoteAddress())) {
      stats.refused("address");
      clientLog.warn("GlobalData Workerman listener refused a connection from {}: not in "
          + "phpClientsFrom", socket.remoteAddress());
      socket.close();
      return;
    }
    ConnectionLimits.Refusal refusal = limits.admit(null);
    if (refusal != null) {
      stats.refused(refusal == ConnectionLimits.Refusal.MAX_CONNECTIONS ? "maxConnections"
          : "descriptors");
      clientLog.warn("GlobalData Workerman listener refused a connection from {}: {} ({} open)",
          socket.remoteAddress(), refusal.limit(), limits.open());
      socket.close();
      return;
    }
    stats.accepted();
    WorkermanConnection connection = new WorkermanConnection(IDS.incrementAndGet(), socket, this);
    connections.add(connection);
    connection.start();
  }

  void closed(WorkermanConnection connection) {
    if (connections.remove(connection)) {
      limits.release(null);
    }
  }

  /** @return the port it listens on, or {@link WorkermanOptions#OFF} once closed */
  public int actualPort() {
    NetServer listening = server;
    return listening == null ? WorkermanOptions.OFF : listening.actualPort();
  }

  /** @return its counters, for the GlobalData status reply */
  public JsonObject stats() {
    return stats.toJson(limits.open()).put("host", options.getWorkermanHost())
        .put("port", actualPort());
  }

  /** @return completed once the listener and its connections are closed */
  public Future<Void> close() {
    NetServer listening = server;
    server = null;
    vertx.cancelTimer(idleTimer);
    stats.close();
    return listening == null ? Future.succeededFuture() : listening.close();
  }

  int maxFrameSize() {
    return options.getWorkermanMaxFrameSize();
  }

  int maxKeyLength() {
    return maxKeyLength;
  }

  WorkermanCommands commands() {
    return commands;
  }

  WorkermanStats counters() {
    return stats;
  }

  RateLimitedLog clientLog() {
    return clientLog;
  }
}
