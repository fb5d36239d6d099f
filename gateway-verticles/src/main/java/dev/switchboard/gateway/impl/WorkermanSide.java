package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.GatewayWorkermanOptions;
import dev.switchboard.gateway.impl.register.InnerAddresses;
import dev.switchboard.gateway.impl.workerman.GatewayCommands;
import dev.switchboard.gateway.impl.workerman.WorkerHook;
import dev.switchboard.gateway.impl.workerman.WorkermanListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A gateway verticle's GatewayWorker inner listener, when its {@code workerman} options turn it
 * on: started before the client listeners (so that every client gets a GatewayWorker client id
 * at the node's address) and stopped with them.
 *
 * <p>Threading: on the verticle's context.
 */
final class WorkermanSide {

  private final Vertx vertx;
  private final GatewayNode node;
  private final WorkermanListener listener;
  private boolean open;

  /**
   * @param vertx   the node's Vert.x
   * @param node    the node
   * @param options the verticle's inner listener options
   * @param workers told of BusinessWorker connections
   */
  WorkermanSide(Vertx vertx, GatewayNode node, GatewayWorkermanOptions options,
      WorkerHook workers) {
    this.vertx = vertx;
    this.node = node;
    this.listener = options.isEnabled() ? new WorkermanListener(vertx, options,
        new GatewayCommands(this::answer, () -> node.workerman().address()), workers) : null;
  }

  /** @return whether the verticle's clients get GatewayWorker client ids */
  boolean on() {
    return listener != null;
  }

  /** @return completed once listening and the node's address is known cluster-wide */
  Future<Void> start() {
    if (listener == null) {
      return Future.succeededFuture();
    }
    // then the Registers of the cluster tell PHP the address (RegisterVerticle)
    return listener.listen().compose(address -> node.workerman().open(address, node.routing())
        .compose(v -> InnerAddresses.announce(vertx, address.toString())))
        .onSuccess(v -> open = true);
  }

  /** Answers a routing request about this node's connections, as its event-bus address does. */
  private Future<Object> answer(JsonObject request) {
    GatewayRouter routing = node.routing();
    return routing == null ? Future.failedFuture("the node's routing is not up")
        : routing.answer(request);
  }

  /** @return completed once the listener is closed */
  Future<Void> stop() {
    if (listener == null) {
      return Future.succeededFuture();
    }
    if (open) {
      open = false;
      node.workerman().close(node.routing());
      InnerAddresses.withdraw(vertx, listener.address().toString());
    }
    return listener.close();
  }
}
