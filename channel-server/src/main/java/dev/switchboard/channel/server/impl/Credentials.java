package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.core.internal.JwtCheck;

import java.util.function.Consumer;

/**
 * The credentials of a channel server and the decision on each {@code auth} request: which role
 * a presented token gives (the shared {@code token} and {@code gatewayToken}; else, with the
 * {@code jwt} option, the token is checked as a JSON Web Token by the connection), and whether its
 * source address is banned for failing too often.
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
    BANNED,
    /**
     * No shared token matches and the server takes JSON Web Tokens: check it with {@link #jwt()},
     * and report a refusal with {@link #failed(String, long)}.
     */
    JWT
  }

  private final TokenCheck token;
  private final TokenCheck gatewayToken;
  private final AuthThrottle throttle;
  private final boolean jwtConfigured;
  private volatile JwtCheck jwt;

  Credentials(ChannelServerOptions options) {
    this.jwtConfigured = options.getJwt() != null;
    this.token = options.getToken() == null ? null : new TokenCheck(options.getToken());
    this.gatewayToken = options.getGatewayToken() == null ? null
        : new TokenCheck(options.getGatewayToken());
    this.throttle = new AuthThrottle(options.getAuthFailureLimit(), options.getAuthBanTime(),
        ChannelServerOptions.MAX_AUTH_BAN_TIME);
  }

  /**
   * Sets the verifier of JSON Web Tokens, once the server has loaded its keys (before it
   * accepts connections).
   *
   * @param jwt the verifier
   */
  void useJwt(JwtCheck jwt) {
    this.jwt = jwt;
  }

  /** @return the verifier of JSON Web Tokens, or null when the server takes none */
  JwtCheck jwt() {
    return jwt;
  }

  /** @return the role of a connection before any {@code auth} */
  Role initialRole() {
    return token == null && !jwtConfigured ? Role.PLAIN : Role.NONE;
  }

  /**
   * @param current    the connection's role now
   * @param restricted whether the connection is bound by the channel grant of a JSON Web Token
   * @return whether an {@code auth} could change it (otherwise it is acknowledged unchecked)
   */
  boolean canRaise(Role current, boolean restricted) {
    return current == Role.NONE || (current == Role.PLAIN
        && (gatewayToken != null || restricted && token != null));
  }

  /**
   * Checks a presented token; a failure counts against the source address.
   *
   * @param presented the token
   * @param address   the source address of the connection (without its port)
   * @param now       the time in ms
   * @param allowJwt  whether the token may be a JSON Web Token (only a connection that has not
   *                  authenticated yet authenticates with one)
   * @param granted   receives the role the token gives, on {@link Outcome#ACCEPTED}
   * @return the outcome
   */
  Outcome check(String presented, String address, long now, boolean allowJwt,
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
    if (allowJwt && jwt != null) {
      return Outcome.JWT;
    }
    throttle.failed(address, now);
    return Outcome.REFUSED;
  }

  /**
   * Counts a refused JSON Web Token against its source address.
   *
   * @param address the source address of the connection (without its port)
   * @param now     the time in ms
   */
  void failed(String address, long now) {
    throttle.failed(address, now);
  }

  /** @return the source addresses banned now */
  int bannedAddresses(long now) {
    return throttle.bannedCount(now);
  }
}
