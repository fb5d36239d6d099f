package dev.switchboard.gateway.impl.business;

import dev.switchboard.core.internal.Backoff;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.impl.Counter;
import dev.switchboard.gateway.impl.GatewayStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks a business for the connect decision on a handshake ({@code businessHandshake}): first
 * which node takes it (the business's shared address, {@link BusinessProtocol#ROUTE}), then that
 * node's instance; while no node has instances, again with the forwarder's backoff, for as long
 * as the gateway's {@code connectHookTimeout} lasts (after which the gateway rejects the client
 * with 503). A node that leaves says so ({@link #left}): what was on its way to it and not taken
 * goes elsewhere. An answer that is not a decision fails.
 *
 * <p>Threading: on the gateway verticle's context.
 */
final class BusinessHandshakes {

  private final Vertx vertx;
  private final String sharedAddress;
  private final long timeout;
  private final Backoff retry;
  private final GatewayStats stats;
  /** The handshakes on their way (asking where to go, or sent to a node). */
  private final Set<Ask> pending = new HashSet<>();

  BusinessHandshakes(Vertx vertx, GatewayOptions options, Backoff retry, GatewayStats stats) {
    this.vertx = vertx;
    this.sharedAddress = BusinessProtocol.address(options.getBusiness());
    this.timeout = options.getConnectHookTimeout();
    this.retry = retry;
    this.stats = stats;
  }

  /**
   * @param handshake what the client presented
   * @return the business's decision
   */
  Future<ConnectDecision> decide(Handshake handshake) {
    Ask ask = new Ask(handshake.toJson().toBuffer());
    route(ask);
    return ask.decided.future();
  }

  /** One handshake on its way: asked where to go, then sent to that node. */
  private static final class Ask {
    final Buffer handshake;
    final Promise<ConnectDecision> decided = Promise.promise();
    final long start = System.nanoTime();
    int retries;
    /** The current try; an answer to an earlier one is ignored. */
    int attempt;
    /** The node address it is on its way to, or null while asking where to go. */
    String node;

    Ask(Buffer handshake) {
      this.handshake = handshake;
    }
  }

  private long left(Ask ask) {
    return timeout - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ask.start);
  }

  /** Asks which node takes the client (no effect: asked again when unanswered), then sends. */
  private void route(Ask ask) {
    int current = ++ask.attempt;
    ask.node = null;
    pending.add(ask);
    DeliveryOptions where = new DeliveryOptions()
        .setSendTimeout(Math.max(1, Math.min(BusinessForwarder.ROUTE_TIMEOUT, left(ask))))
        .addHeader(BusinessProtocol.EVENT, BusinessProtocol.ROUTE);
    vertx.eventBus().request(sharedAddress, BusinessForwarder.NOTHING, where).onComplete(r -> {
      if (current != ask.attempt) {
        return;
      }
      if (r.succeeded()) {
        send(ask, r.result().headers().get(BusinessProtocol.INSTANCE));
      } else {
        later(ask); // no node with instances, or the answer was lost
      }
    });
  }

  private void send(Ask ask, String node) {
    int current = ask.attempt;
    ask.node = node;
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(Math.max(1, left(ask)))
        .addHeader(BusinessProtocol.EVENT, BusinessProtocol.DECIDE);
    vertx.eventBus().<Buffer>request(node, ask.handshake, delivery).onComplete(answer -> {
      if (current != ask.attempt) {
        return; // asked elsewhere: the node left without taking it
      }
      if (answer.succeeded()) {
        pending.remove(ask);
        try {
          ask.decided.tryComplete(ConnectDecision.fromJson(
              new JsonObject(answer.result().body())));
        } catch (RuntimeException e) {
          ask.decided.tryFail(e);
        }
        return;
      }
      boolean noInstance = answer.cause() instanceof ReplyException e
          && (e.failureType() == ReplyFailure.NO_HANDLERS
          || e.failureCode() == BusinessProtocol.NO_INSTANCE);
      if (noInstance) {
        later(ask);
      } else {
        pending.remove(ask);
        ask.decided.tryFail(answer.cause());
      }
    });
  }

  /** Asked again with backoff while the timeout lasts. */
  private void later(Ask ask) {
    long left = left(ask);
    if (left <= 0) {
      pending.remove(ask); // no instance in time; connectHookTimeout rejects the client (503)
      return;
    }
    stats.increment(Counter.BUSINESS_RETRIES);
    int current = ++ask.attempt;
    vertx.setTimer(Math.min(retry.ceiling(ask.retries++), left), t -> {
      if (current == ask.attempt) {
        route(ask);
      }
    });
  }

  /**
   * A business node left ({@link BusinessProtocol#left}): questions of where to go are asked
   * again (one may have reached it as it went); a handshake on its way to it is sent elsewhere
   * when the node ran nothing any more as it left (so it had not taken it).
   *
   * @param node  the node's address
   * @param clean whether no event or handshake still ran on it
   */
  void left(String node, boolean clean) {
    for (Ask ask : List.copyOf(pending)) {
      if (ask.node == null || clean && node.equals(ask.node)) {
        stats.increment(Counter.BUSINESS_RETRIES);
        route(ask);
      }
    }
  }
}
