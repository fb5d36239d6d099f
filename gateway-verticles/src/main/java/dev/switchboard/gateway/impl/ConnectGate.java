package dev.switchboard.gateway.impl;

import dev.switchboard.core.JwtException;
import dev.switchboard.core.JwtOptions;
import dev.switchboard.core.internal.JwtCheck;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks a client's connect token (when the gateway has a {@code jwt} option), then asks the
 * connect hook about it, and turns every outcome into a decision: the hook's own
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
  private JwtCheck tokens;

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
   * @return the decision and the handshake it was made on; never failed; completed on the
   *     verticle's context
   */
  Future<Verdict> decide(Handshake handshake) {
    return ask(handshake, ConnectDecision.accept());
  }

  /**
   * A decision on a client, with the handshake it was made on (its token's claims added).
   *
   * @param handshake what the client presented, as the hook saw it
   * @param decision  the decision
   */
  record Verdict(Handshake handshake, ConnectDecision decision) {
  }

  /**
   * Verifies the client's token first (when the gateway checks JWTs): a bad one rejects with 401
   * ({@code authRejected}); a good one's uid and groups are accepted unless the hook says
   * otherwise (its uid wins, its groups are added), and the hook sees its claims.
   *
   * @param handshake what the client presented, without the token
   * @param token     the token it presented, or null
   * @return the decision and the handshake it was made on; never failed; completed on the
   *     verticle's context
   */
  Future<Verdict> decide(Handshake handshake, String token) {
    if (tokens == null) {
      return decide(handshake);
    }
    return tokens.verify(token).map(this::granted).transform(ar -> {
      if (ar.failed()) {
        String why = ar.cause() instanceof JwtException e
            ? e.reason().name().toLowerCase(Locale.ROOT) : "unchecked";
        stats.increment(Counter.AUTH_REJECTED);
        log.info("Gateway refused {}: invalid token ({}: {})", handshake, why,
            ar.cause().getMessage());
        return Future.succeededFuture(new Verdict(handshake,
            ConnectDecision.reject(401, "invalid token (" + why + ")")));
      }
      return ask(handshake.withClaims(ar.result().claims()), ar.result().decision());
    });
  }

  /** A verified token: its claims, and what they grant (its uid and groups). */
  private record Grant(JsonObject claims, ConnectDecision decision) {
  }

  /**
   * @return what verified claims grant
   * @throws JwtException {@code MALFORMED} without a uid, or with malformed groups
   */
  private Grant granted(JsonObject claims) {
    String uid = tokens.uid(claims);
    if (uid == null) {
      throw new JwtException(JwtException.Reason.MALFORMED, "no "
          + tokens.options().getUidClaim() + " claim");
    }
    return new Grant(claims, ConnectDecision.accept().withUid(uid)
        .withGroups(tokens.groups(claims)));
  }

  /**
   * Reads the JWT check's keys, when the options have one; refuses TCP listeners beside it.
   *
   * @return completed when ready; before the listeners start
   */
  Future<Void> start() {
    JwtOptions jwt = options.getJwt();
    if (jwt == null) {
      return Future.succeededFuture();
    }
    if (options.getFramePort() != GatewayOptions.OFF
        || options.getTextPort() != GatewayOptions.OFF) {
      return Future.failedFuture(new IllegalArgumentException("jwt: the TCP protocols carry no"
          + " token; turn framePort and textPort off, or jwt"));
    }
    return JwtCheck.create(vertx, jwt).onSuccess(check -> tokens = check).mapEmpty();
  }

  private Future<Verdict> ask(Handshake handshake, ConnectDecision granted) {
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
      return Future.succeededFuture(new Verdict(handshake, settle(handshake, granted, asked)));
    }
    Promise<Verdict> decided = Promise.promise();
    long timer = vertx.setTimer(options.getConnectHookTimeout(), t -> {
      if (decided.tryComplete(new Verdict(handshake,
          ConnectDecision.reject(503, "connect hook timed out")))) {
        stats.increment(Counter.CONNECT_HOOK_TIMEOUTS);
        log.warn("Gateway connect hook did not decide on {} within {} ms (connectHookTimeout):"
            + " rejected with 503", handshake, options.getConnectHookTimeout());
      }
    });
    asked.onComplete(ar -> context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      if (!decided.future().isComplete()) {
        decided.complete(new Verdict(handshake, settle(handshake, granted, ar)));
      }
    }));
    return decided.future();
  }

  private ConnectDecision settle(Handshake handshake, ConnectDecision granted,
      AsyncResult<ConnectDecision> answer) {
    ConnectDecision decision = answer.succeeded() && answer.result() != null
        ? merged(granted, answer.result()) : null;
    String broken = answer.failed() ? "it failed: " + answer.cause()
        : decision == null ? "it decided null" : broken(handshake, decision);
    if (broken != null) {
      stats.increment(Counter.CONNECT_HOOK_FAILURES);
      log.warn("Gateway connect hook on {}: {}; rejected with 500", handshake, broken);
      return ConnectDecision.reject(500, "connect hook failed");
    }
    if (!decision.accepted()) {
      stats.increment(Counter.CONNECT_REJECTED);
      log.info("Gateway connect hook rejected {}: {} {}", handshake, decision.status(),
          decision.reason());
    }
    return decision;
  }

  /** @return the hook's decision over what a token granted: its uid wins, groups add up */
  private static ConnectDecision merged(ConnectDecision granted, ConnectDecision hook) {
    if (!hook.accepted() || granted.uid() == null) {
      return hook;
    }
    ConnectDecision merged = hook.uid() == null ? hook.withUid(granted.uid()) : hook;
    List<String> groups = new ArrayList<>(granted.groups());
    groups.addAll(hook.groups());
    return merged.withGroups(groups);
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
