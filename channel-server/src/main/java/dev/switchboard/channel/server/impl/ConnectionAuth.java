package dev.switchboard.channel.server.impl;

import dev.switchboard.core.JwtException;
import dev.switchboard.core.JwtOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The authentication of one channel server connection: its role, the channels its JSON Web Token
 * grants (when it authenticated with one), the timers that end it when it has not authenticated
 * in time or when its token expires, and the decision on each of its {@code auth} requests
 * (counted in the server's stats).
 *
 * <p>Threading: on the connection's context, except {@link #role()} and {@link #grant()}, which
 * any thread may read.
 */
final class ConnectionAuth {

  /** Latest {@code exp} honoured as it is, in seconds (year 275760): later ones count as that. */
  private static final long MAX_EXP_SECONDS = 8_640_000_000_000L;
  /** Longest single timer of the expiry, in ms (about 24 days). */
  private static final long MAX_TIMER = Integer.MAX_VALUE;

  private final Vertx vertx;
  private final Credentials credentials;
  private final ServerStats stats;
  private final long timeout;
  private final int maxNameLength;
  private volatile Credentials.Role role;
  private volatile ChannelGrant grant;
  private long timer = -1;
  private long expiryTimer = -1;
  private Runnable onExpired = () -> { };

  /** @param server the server of the connection */
  ConnectionAuth(ChannelServerImpl server) {
    this.vertx = server.vertx();
    this.credentials = server.credentials();
    this.stats = server.counters();
    this.timeout = server.options().getAuthTimeout();
    this.maxNameLength = server.options().getMaxChannelNameLength();
    this.role = credentials.initialRole();
  }

  /** @return what the connection may do now */
  Credentials.Role role() {
    return role;
  }

  /** @return the channels the connection's JSON Web Token grants, or null when not bound by one */
  ChannelGrant grant() {
    return grant;
  }

  /** @return whether the connection has authenticated (or needs not) */
  boolean authenticated() {
    return role != Credentials.Role.NONE;
  }

  /** @return whether the connection may use reserved ({@code $}) channels */
  boolean gateway() {
    return role == Credentials.Role.GATEWAY;
  }

  /** @return the auth timeout, in milliseconds */
  long timeout() {
    return timeout;
  }

  /**
   * Starts the auth timer when the connection has to authenticate.
   *
   * @param onTimeout run when the timeout passes with the connection still not authenticated
   * @param onExpiry  run when the JSON Web Token the connection authenticated with expires
   */
  void start(Runnable onTimeout, Runnable onExpiry) {
    this.onExpired = onExpiry;
    if (!authenticated()) {
      timer = vertx.setTimer(timeout, t -> {
        if (!authenticated()) {
          onTimeout.run();
        }
      });
    }
  }

  /**
   * Decides an {@code auth} request; a token that gives a role stops the timer.
   *
   * @param token   the token presented
   * @param address the source address, which failures are counted against
   * @return a future completed with null when the request is acknowledged (also when it cannot
   *     raise the role), else with why it is refused with {@code AUTH_FAILED}; it completes on
   *     the thread that completes the JWT check (vertx-auth-jwt's is synchronous)
   */
  Future<String> check(String token, String address) {
    if (!credentials.canRaise(role, grant != null)) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    switch (credentials.check(token, address, now, role == Credentials.Role.NONE,
        this::granted)) {
      case ACCEPTED -> {
        return Future.succeededFuture();
      }
      case BANNED -> {
        stats.authBanned.increment();
        return Future.succeededFuture("too many failed attempts from this address; try again "
            + "later");
      }
      case JWT -> {
        return credentials.jwt().verify(token).transform(ar -> {
          String refused = ar.succeeded() ? jwtGranted(ar.result())
              : "invalid token (" + ((JwtException) ar.cause()).reason() + ": "
                  + ((JwtException) ar.cause()).detail() + ")";
          if (refused != null) {
            credentials.failed(address, now);
            stats.authFailures.increment();
          }
          return Future.succeededFuture(refused);
        });
      }
      default -> {
        stats.authFailures.increment();
        return Future.succeededFuture("wrong token");
      }
    }
  }

  /** A shared token gave a role: full access, no expiry. */
  private void granted(Credentials.Role granted) {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(expiryTimer);
    grant = null;
    role = granted;
  }

  /** @return null when the valid token's claims grant the connection its channels, else why not */
  private String jwtGranted(JsonObject claims) {
    JwtOptions options = credentials.jwt().options();
    ChannelGrant channels;
    try {
      channels = ChannelGrant.of(claims.getValue(options.getChannelsClaim()), maxNameLength);
    } catch (IllegalArgumentException e) {
      return "invalid token (" + e.getMessage() + ")";
    }
    vertx.cancelTimer(timer);
    grant = channels;
    role = Credentials.Role.PLAIN;
    if (claims.getValue("exp") instanceof Number exp) {
      // honoured until the verifier would refuse it: exp plus the leeway
      long seconds = Math.min(exp.longValue(), MAX_EXP_SECONDS) + options.getLeeway();
      armExpiry(channels, seconds * 1000);
    }
    return null;
  }

  /** Runs {@code onExpired} at the deadline, in steps of at most {@link #MAX_TIMER} ms. */
  private void armExpiry(ChannelGrant channels, long deadline) {
    long left = deadline - System.currentTimeMillis();
    expiryTimer = vertx.setTimer(Math.max(1, Math.min(left, MAX_TIMER)), t -> {
      if (grant != channels) {
        return;
      }
      if (System.currentTimeMillis() >= deadline) {
        onExpired.run();
      } else {
        armExpiry(channels, deadline);
      }
    });
  }

  /** Stops the timers: the connection is closed. */
  void close() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(expiryTimer);
  }
}
