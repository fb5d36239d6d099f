package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.server.ChannelServerOptions;

import java.util.function.Consumer;

/**
 * The credentials of a channel server and the decision on each {@code auth} request: which role
 * a presented token gives, and whether its source address is banned for failing too often.
 *
 * <p>Threading: thread-safe (immutable checks, a thread-safe {@link AuthThrottle}).
 */
final class Credentials {

  /** What a connection may do. */
  enum Role {
    /** Not authenticated yet: only {@code auth}, {@code ping}. */
    NONE,
    /** Plain channels only. */
    PLAIN,
    /** Plain and reserved ({@code $}) channels, as the gateway's remote callers need. */
    GATEWAY
  }

  /** The answer to one {@code auth} request. */
  enum Outcome {
    /** The token gives the role asked; the connection has it now. */
    ACCEPTED,
    /** A wrong token: counted against the source address. */
    REFUSED,
    /** The source address is banned: the token was not checked. */
    BANNED
  }

  private final TokenCheck token;
  private final TokenCheck gatewayToken;
  private final AuthThrottle throttle;

  Credentials(ChannelServerOptions options) {
    this.token = options.getToken() == null ? null : new TokenCheck(options.getToken());
    this.gatewayToken = options.getGatewayToken() == null ? null
        : new TokenCheck(options.getGatewayToken());
    this.throttle = new AuthThrottle(options.getAuthFailureLimit(), options.getAuthBanTime(),
        ChannelServerOptions.MAX_AUTH_BAN_TIME);
  }

  /** @return the role of a connection before any {@code auth} */
  Role initialRole() {
    return token == null ? Role.PLAIN : Role.NONE;
  }

  /**
   * @param current the connection's role now
   * @return whether an {@code auth} could change it (otherwise it is acknowledged unchecked)
   */
  boolean canRaise(Role current) {
    return current == Role.NONE || (current == Role.PLAIN && gatewayToken != null);
  }

  /**
   * Checks a presented token; a failure counts against the source address.
   *
   * @param presented the token
   * @param address   the source address of the connection (without its port)
   * @param now       the time in ms
   * @param granted   receives the role the token gives, on {@link Outcome#ACCEPTED}
   * @return the outcome
   */
  Outcome check(String presented, String address, long now,
      Consumer<Role> granted) {
    if (throttle.banned(address, now)) {
      return Outcome.BANNED;
    }
    if (gatewayToken != null && gatewayToken.matches(presented)) {
      granted.accept(Role.GATEWAY);
      return Outcome.ACCEPTED;
    }
    if (token != null && token.matches(presented)) {
      granted.accept(Role.PLAIN);
      return Outcome.ACCEPTED;
    }
    throttle.failed(address, now);
    return Outcome.REFUSED;
  }

  /** @return the source addresses banned now */
  int bannedAddresses(long now) {
    return throttle.bannedCount(now);
  }
}
