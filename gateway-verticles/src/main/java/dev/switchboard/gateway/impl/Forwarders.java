package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.impl.business.BusinessForwarder;
import dev.switchboard.gateway.impl.business.ClientSessions;
import dev.switchboard.gateway.impl.phpworker.WorkerForwarder;
import dev.switchboard.gateway.impl.workerman.WorkerHook;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Where a gateway verticle's client events go: its own handler; else the Java business its
 * {@code business} option names ({@link BusinessForwarder}); else, with the GatewayWorker inner
 * listener on ({@code workerman.port}), the PHP BusinessWorkers connected to the node
 * ({@link WorkerForwarder}).
 *
 * <p>Threading: stateless.
 */
final class Forwarders {

  private static final Consumer<Connection> NO_BUSINESS =
      connection -> ((ConnectionBase) connection).closeFor(CloseReason.NO_BUSINESS);

  private Forwarders() {
  }

  /**
   * @param handler the verticle's own handler, or null
   * @param ports   the port of each protocol's listener, once listening
   * @return the handler of the verticle's events
   */
  static GatewayHandler of(Vertx vertx, GatewayOptions options, GatewayStats stats,
      GatewayNode node, GatewayHandler handler, ToIntFunction<Protocol> ports) {
    if (options.getBusiness() != null) {
      return new BusinessForwarder(vertx, options, stats, NO_BUSINESS, new NodeSessions(node),
          node::flow);
    }
    if (handler == null && phpWorkers(options)) {
      return new WorkerForwarder(node.phpWorkers(), () -> node.workerman().address(),
          new ClientSessions() {
            @Override
            public JsonObject get(Connection connection) { // at the close event: as it closed
              JsonObject session = node.session((ConnectionBase) connection);
              return session != null ? session : ((ConnectionBase) connection).sessionAtClose();
            }

            @Override
            public void put(Connection connection, JsonObject session) {
              node.session((ConnectionBase) connection, session);
            }
          }, ports, NO_BUSINESS);
    }
    return handler;
  }

  /**
   * @return whether the verticle's events go to PHP BusinessWorkers: no handler and no business
   *     of its own, and the inner listener on
   */
  static boolean phpWorkers(GatewayOptions options) {
    return options.getBusiness() == null && options.getHandler() == null
        && options.getWorkerman().isEnabled();
  }

  /** @return the node's BusinessWorkers when the verticle forwards to them, else no hook */
  static WorkerHook hook(GatewayHandler handler, GatewayNode node) {
    return handler instanceof WorkerForwarder ? node.phpWorkers() : WorkerHook.NONE;
  }
}
