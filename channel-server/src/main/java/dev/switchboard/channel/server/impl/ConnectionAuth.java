package dev.switchboard.channel.server.impl;

import io.vertx.core.Vertx;

/**
 * The authentication of one channel server connection: its role, the timer that ends it when it
 * has not authenticated in time, and the decision on each of its {@code auth} requests (counted in
 * the server's stats).
 *
 * <p>Threading: on the connection's context, except {@link #role()}, which any thread may read.
 */
final class ConnectionAuth {

  private final Vertx vertx;
  private final Credentials credentials;
  private final ServerStats stats;
  private final long timeout;
  private volatile Credentials.Role role;
  private long timer = -1;

  /** @param server the server of the connection */
  ConnectionAuth(ChannelServerImpl server) {
    this.vertx = server.vertx();
    this.credentials = server.credentials();
    this.stats = server.counters();
    this.timeout = server.options().getAuthTimeout();
    this.role = credentials.initialRole();
  }

  /** @return what the connection may do now */
  Credentials.Role role() {
    return role;
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
   */
  void start(Runnable onTimeout) {
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
   * @return null when the request is acknowledged (also when it cannot raise the role), else why
   *     it is refused with {@code AUTH_FAILED}
   */
  String check(String token, String address) {
    if (!credentials.canRaise(role)) {
      return null;
    }
    switch (credentials.check(token, address, System.currentTimeMillis(), r -> role = r)) {
      case ACCEPTED -> {
        vertx.cancelTimer(timer);
        return null;
      }
      case BANNED -> {
        stats.authBanned.increment();
        return "too many failed attempts from this address; try again later";
      }
      default -> {
        stats.authFailures.increment();
        return "wrong token";
      }
    }
  }

  /** Stops the timer: the connection is closed. */
  void close() {
    vertx.cancelTimer(timer);
  }
}
