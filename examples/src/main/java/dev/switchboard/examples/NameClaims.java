package dev.switchboard.examples;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * User names claimed first come, first served, cluster-wide, for the examples that bind a name
 * as a uid (the chat, the cluster push example's clients): the first client to claim a name gets
 * a secret, and a later client may bind that name only by presenting the secret (the owner
 * reconnecting, or in another tab). Without it nobody can take over another user's name and
 * receive the pushes meant for them. Claims last as long as the cluster.
 *
 * <p>The map holds a SHA-256 digest of each secret, not the secret, compared in constant time.
 * A real application would not let clients name themselves at all: it would bind the uid its
 * authentication proved (a connect hook checking a JWT), see the examples' README.
 *
 * <p>Stateless apart from the cluster-wide map; safe from any context.
 */
final class NameClaims {

  /** Cluster-wide map from a claimed name to the digest of its owner's secret. */
  static final String MAP = "examples.names";

  private static final int SECRET_BYTES = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;

  NameClaims(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Claims {@code name} for the caller.
   *
   * @param name   the name
   * @param secret the secret the name's first claim returned, or null
   * @return a future completed with a new secret when the name was free (now the caller's),
   *     with null when {@code secret} is the owner's; failed with an
   *     {@link IllegalStateException} saying the name is taken otherwise
   */
  Future<String> claim(String name, String secret) {
    String fresh = newSecret();
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .compose((AsyncMap<String, String> map) -> map.putIfAbsent(name, digest(fresh)))
        .compose(owner -> {
          if (owner == null) {
            return Future.succeededFuture(fresh);
          }
          if (secret != null && MessageDigest.isEqual(
              owner.getBytes(StandardCharsets.US_ASCII),
              digest(secret).getBytes(StandardCharsets.US_ASCII))) {
            return Future.succeededFuture(null);
          }
          return Future.failedFuture(new IllegalStateException("the name '" + name
              + "' is taken (its owner's secret is needed to use it)"));
        });
  }

  private static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** SHA-256 of the text, base64: the same length for every input. */
  static String digest(String text) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
