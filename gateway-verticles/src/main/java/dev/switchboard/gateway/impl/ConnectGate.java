package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Asks the connect hook about a client and turns every outcome into a decision: the hook's own
 * (checked against the gateway's bounds), 503 when it does not answer within {@code
 * connectHookTimeout}, 500 when it fails, throws or breaks a bound. Rejections, timeouts and
 * failures are counted; timeouts and failures logged (rate-limited).
 *
 * <p>Threading: {@link #decide} is called on the verticle's context, and its future completes
 * there.
 */
final class ConnectGate {

  private final Vertx vertx;
  private final Context context;
  private final GatewayOptions options;
  private final GatewayStats stats;
  private final RateLimitedLog log;
  private final Function<Handshake, Future<ConnectDecision>> hook;

  /**
   * @param vertx   the Vert.x instance
   * @param context the verticle's context
   * @param options the verticle's options (the timeout and the bounds a decision must keep)
   * @param stats   the verticle's counters
   * @param log     the log of per-client events
   * @param hook    the application's hook
   */
  ConnectGate(Vertx vertx, Context context, GatewayOptions options, GatewayStats stats,
      RateLimitedLog log, Function<Handshake, Future<ConnectDecision>> hook) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.stats = stats;
    this.log = log;
    this.hook = hook;
  }

  /**
   * @param handshake what the client presented
   * @return the decision; never failed; completed on the verticle's context
   */
  Future<ConnectDecision> decide(Handshake handshake) {
    Future<ConnectDecision> asked;
    try {
      asked = hook.apply(handshake);
    } catch (RuntimeException e) {
      asked = Future.failedFuture(e);
    }
    if (asked == null) {
      asked = Future.failedFuture(new IllegalStateException("the hook returned null"));
    }
    if (asked.isComplete()) { // the usual case, no timer: an accepting default or a quick check
      return Future.succeededFuture(settle(handshake, asked));
    }
    Promise<ConnectDecision> decided = Promise.promise();
    long timer = vertx.setTimer(options.getConnectHookTimeout(), t -> {
      if (decided.tryComplete(ConnectDecision.reject(503, "connect hook timed out"))) {
        stats.increment(Counter.CONNECT_HOOK_TIMEOUTS);
        log.warn("Gateway connect hook did not decide on {} within {} ms (connectHookTimeout):"
            + " rejected with 503", handshake, options.getConnectHookTimeout());
      }
    });
    asked.onComplete(ar -> context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      if (!decided.future().isComplete()) {
        decided.complete(settle(handshake, ar));
      }
    }));
    return decided.future();
  }

  private ConnectDecision settle(Handshake handshake, AsyncResult<ConnectDecision> answer) {
    String broken = answer.failed() ? "it failed: " + answer.cause()
        : answer.result() == null ? "it decided null" : broken(handshake, answer.result());
    if (broken != null) {
      stats.increment(Counter.CONNECT_HOOK_FAILURES);
      log.warn("Gateway connect hook on {}: {}; rejected with 500", handshake, broken);
      return ConnectDecision.reject(500, "connect hook failed");
    }
    ConnectDecision decision = answer.result();
    if (!decision.accepted()) {
      stats.increment(Counter.CONNECT_REJECTED);
      log.info("Gateway connect hook rejected {}: {} {}", handshake, decision.status(),
          decision.reason());
    }
    return decision;
  }

  /** @return what an accepting decision breaks, or null */
  private String broken(Handshake handshake, ConnectDecision decision) {
    if (!decision.accepted()) {
      return null;
    }
    if (decision.groups().size() > options.getMaxGroupsPerClient()) {
      return "it joins " + decision.groups().size() + " groups, more than maxGroupsPerClient ("
          + options.getMaxGroupsPerClient() + ")";
    }
    if (decision.session() != null) {
      int size = decision.session().encode().getBytes(StandardCharsets.UTF_8).length;
      if (size > options.getMaxSessionSize()) {
        return "its session takes " + size + " bytes, more than maxSessionSize ("
            + options.getMaxSessionSize() + ")";
      }
    }
    if (decision.subprotocol() != null
        && !handshake.subprotocols().contains(decision.subprotocol())) {
      return "it chose subprotocol '" + decision.subprotocol() + "', which the client did not"
          + " offer";
    }
    return null;
  }
}
