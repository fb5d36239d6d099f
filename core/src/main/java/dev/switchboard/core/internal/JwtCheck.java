package dev.switchboard.core.internal;

import dev.switchboard.core.JwtException;
import dev.switchboard.core.JwtException.Reason;
import dev.switchboard.core.JwtOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.security.SignatureException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JSON Web Tokens against {@link JwtOptions}, with vertx-auth-jwt ({@link JWTAuth}) doing
 * the signature, audience and time checks (leeway included): no cryptography is written here.
 * Before vertx-auth-jwt sees a token, this class bounds its length ({@link
 * JwtOptions#MAX_TOKEN_LENGTH}), requires three base64url parts whose header and payload are JSON
 * objects (strictly parsed: a duplicate key is refused), an {@code alg} one of the configured keys
 * has (so {@code none}, and HS256 against an RSA or EC key, are refused whatever the library
 * would do) and numeric time claims; after it, the issuer against the accepted list (vertx-auth-jwt
 * takes one issuer only). Each refusal is a {@link JwtException} with its {@link Reason}.
 *
 * <p>Threading: immutable once created; {@link #verify(String)} may be called from any thread and
 * completes before it returns (vertx-auth-jwt verifies synchronously: RS256 takes tens of
 * microseconds, fine on an event loop).
 */
public final class JwtCheck {

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final JwtOptions options;
  private final JWTAuth provider;
  private final Set<String> algorithms;

  private JwtCheck(JwtOptions options, JWTAuth provider, Set<String> algorithms) {
    this.options = options;
    this.provider = provider;
    this.algorithms = Set.copyOf(algorithms);
  }

  /**
   * Reads the keys the options name and builds the verifier.
   *
   * @param vertx   the Vert.x instance
   * @param options the options (copied)
   * @return a future completed with the verifier, or failed with an {@link
   *     IllegalArgumentException} that names the key or option that cannot be used
   */
  public static Future<JwtCheck> create(Vertx vertx, JwtOptions options) {
    JwtOptions copy = new JwtOptions(options);
    return JwtKeys.load(vertx, copy).compose(keys -> {
      JWTOptions checks = new JWTOptions().setLeeway(copy.getLeeway());
      if (!copy.getAudiences().isEmpty()) {
        checks.setAudience(copy.getAudiences());
      }
      if (copy.getIssuers().size() == 1) {
        checks.setIssuer(copy.getIssuers().get(0));
      }
      keys.auth().setJWTOptions(checks);
      if (!JwtKeys.loads(vertx, keys.auth())) {
        return Future.failedFuture(new IllegalArgumentException("jwt: no key could be loaded"));
      }
      return Future.succeededFuture(new JwtCheck(copy, JWTAuth.create(vertx, keys.auth()),
          keys.algorithms()));
    });
  }

  /** @return the options this verifier checks against */
  public JwtOptions options() {
    return new JwtOptions(options);
  }

  /** @return the algorithms of the configured keys ({@code HS256}, {@code RS256}, {@code ES256}) */
  public Set<String> algorithms() {
    return algorithms;
  }

  /**
   * Verifies a token.
   *
   * @param token the token as presented (a compact JWS), or null
   * @return a future completed with the token's claims (its payload) when it is valid, else
   *     failed with a {@link JwtException} saying why
   */
  public Future<JsonObject> verify(String token) {
    JsonObject claims;
    try {
      claims = parse(token);
    } catch (JwtException e) {
      return Future.failedFuture(e);
    }
    Future<User> checked;
    try {
      checked = provider.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(refusal(e, claims));
    }
    return checked.transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(refusal(ar.cause(), claims));
      }
      if (!issuerMatches(claims.getValue("iss"))) {
        return Future.failedFuture(new JwtException(Reason.WRONG_ISSUER,
            "the token's issuer is not accepted"));
      }
      return Future.succeededFuture(claims);
    });
  }

  /**
   * Reads the user id of verified claims ({@link JwtOptions#getUidClaim()}).
   *
   * @param claims the claims {@link #verify(String)} gave
   * @return the uid, or null when the claim is absent
   * @throws JwtException {@code MALFORMED} when the claim is not a non-empty string
   */
  public String uid(JsonObject claims) {
    Object uid = claims.getValue(options.getUidClaim());
    if (uid == null) {
      return null;
    }
    if (!(uid instanceof String text) || text.isEmpty()) {
      throw new JwtException(Reason.MALFORMED, "the " + options.getUidClaim()
          + " claim is not a non-empty string");
    }
    return text;
  }

  /**
   * Reads the groups of verified claims ({@link JwtOptions#getGroupsClaim()}).
   *
   * @param claims the claims {@link #verify(String)} gave
   * @return the groups, in order, without duplicates; empty when the claim is absent
   * @throws JwtException {@code MALFORMED} when the claim is not a list of non-empty strings
   */
  public List<String> groups(JsonObject claims) {
    Object value = claims.getValue(options.getGroupsClaim());
    if (value == null) {
      return List.of();
    }
    Set<String> groups = new LinkedHashSet<>();
    if (value instanceof JsonArray list) {
      for (Object group : list) {
        if (!(group instanceof String name) || name.isEmpty()) {
          groups = null;
          break;
        }
        groups.add(name);
      }
    }
    if (!(value instanceof JsonArray) || groups == null) {
      throw new JwtException(Reason.MALFORMED, "the " + options.getGroupsClaim()
          + " claim is not a list of non-empty strings");
    }
    return List.copyOf(groups);
  }

  /** The checks made before vertx-auth-jwt sees the token; returns the (unverified) claims. */
  private JsonObject parse(String token) {
    if (token == null || token.isEmpty()) {
      throw new JwtException(Reason.ABSENT, "no token");
    }
    if (token.length() > JwtOptions.MAX_TOKEN_LENGTH) {
      throw new JwtException(Reason.OVERSIZE, "the token is longer than "
          + JwtOptions.MAX_TOKEN_LENGTH + " characters");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new JwtException(Reason.MALFORMED, "not a signed JWT (three non-empty parts "
          + "separated by dots)");
    }
    JsonObject header = object(parts[0], "header");
    JsonObject claims = object(parts[1], "payload");
    decode(parts[2], "signature");
    if (!(header.getValue("alg") instanceof String alg)) {
      throw new JwtException(Reason.MALFORMED, "the header has no alg");
    }
    if (!algorithms.contains(alg)) {
      throw new JwtException(Reason.UNSUPPORTED_ALGORITHM, "the token's algorithm is not one of "
          + "the configured keys' " + algorithms);
    }
    for (String time : List.of("exp", "nbf", "iat")) {
      if (claims.containsKey(time) && !(claims.getValue(time) instanceof Number)) {
        throw new JwtException(Reason.MALFORMED, "the " + time + " claim is not a number");
      }
    }
    if (options.isRequireExp() && !claims.containsKey("exp")) {
      throw new JwtException(Reason.MALFORMED, "the token has no exp claim");
    }
    return claims;
  }

  private static JsonObject object(String part, String name) {
    try {
      if (StrictJson.decode(Buffer.buffer(decode(part, name))) instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      // reported below
    }
    throw new JwtException(Reason.MALFORMED, "the " + name + " is not a JSON object");
  }

  private static byte[] decode(String part, String name) {
    try {
      return BASE64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new JwtException(Reason.MALFORMED, "the " + name + " is not base64url");
    }
  }

  /**
   * Names why vertx-auth-jwt refused a token: its exceptions say so for the signature; its other
   * refusals (audience, issuer, time) are plain messages, so the reason is read from the claims,
   * in the order vertx-auth-jwt checks them. The decision is vertx-auth-jwt's; this only names it.
   */
  private JwtException refusal(Throwable cause, JsonObject claims) {
    if (cause instanceof JwtException refused) {
      return refused;
    }
    if (cause instanceof SignatureException) {
      return new JwtException(Reason.BAD_SIGNATURE, "the signature does not verify");
    }
    if (cause instanceof NoSuchKeyIdException) {
      return new JwtException(Reason.BAD_SIGNATURE, "no configured key has the token's kid");
    }
    if (!options.getAudiences().isEmpty() && !audienceMatches(claims.getValue("aud"))) {
      return new JwtException(Reason.WRONG_AUDIENCE, "the token's audience is not accepted");
    }
    if (!issuerMatches(claims.getValue("iss"))) {
      return new JwtException(Reason.WRONG_ISSUER, "the token's issuer is not accepted");
    }
    long now = System.currentTimeMillis() / 1000;
    if (claims.getValue("exp") instanceof Number exp
        && now - options.getLeeway() >= exp.longValue()) {
      return new JwtException(Reason.EXPIRED, "the token has expired");
    }
    if (claims.containsKey("nbf") || claims.containsKey("iat")) {
      return new JwtException(Reason.NOT_YET_VALID, "the token is not valid yet (nbf or iat "
          + "in the future)");
    }
    return new JwtException(Reason.MALFORMED, "the token was refused");
  }

  /** @return whether the issuers accept {@code iss} (any, when none is configured) */
  private boolean issuerMatches(Object iss) {
    return options.getIssuers().isEmpty()
        || iss instanceof String name && options.getIssuers().contains(name);
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String one) {
      return options.getAudiences().contains(one);
    }
    if (aud instanceof JsonArray many) {
      for (Object value : many) {
        if (value instanceof String one && options.getAudiences().contains(one)) {
          return true;
        }
      }
    }
    return false;
  }
}
