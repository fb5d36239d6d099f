package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.core.JwtOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes authentication a property of the channel space rather than of one server: every channel
 * server of a cluster must have the same {@code token} and {@code gatewayToken}, and the same
 * {@code jwt} options (but for the paths of its key files). Each server
 * writes a fingerprint of its credentials in the cluster-wide map
 * {@link ChannelAddresses#CREDENTIALS_MAP} while it listens (key {@code server.<node>.<name>}); a
 * server whose fingerprint differs from that of a server of a live node (one in
 * {@link ChannelAddresses#NODES_MAP}) refuses to start. The check is made again after the server's
 * own entry is written, so that of two servers starting at once with different credentials at
 * least one sees the other and refuses.
 *
 * <p>The fingerprint is PBKDF2-HMAC-SHA256 of the credentials with a random salt shared by the
 * cluster (key {@code salt}), so the map never holds a token, and a reader of the map learns a
 * token only by guessing it.
 *
 * <p>Threading: the futures complete on the caller's context; hashing runs on a worker thread.
 */
final class CredentialRegistry {

  private static final String SALT = "salt";
  private static final String SERVER_PREFIX = "server.";
  private static final int ITERATIONS = 20_000;

  private final Vertx vertx;
  private final String key;
  private final String credentials;
  private AsyncMap<String, String> map;
  private String fingerprint;

  /**
   * @param vertx   the node
   * @param nodeId  the id of the node's channel space
   * @param name    the server's name on its node
   * @param options the server's options
   */
  CredentialRegistry(Vertx vertx, String nodeId, String name, ChannelServerOptions options) {
    this.vertx = vertx;
    this.key = SERVER_PREFIX + nodeId + "." + name;
    this.credentials = part(options.getToken()) + "\n" + part(options.getGatewayToken())
        + "\n" + part(jwtPart(options.getJwt()));
  }

  /**
   * @return what of the JWT options decides who gets in (the key files by their paths, which may
   *     differ between hosts, are left out), or null without JWT
   */
  private static String jwtPart(JwtOptions jwt) {
    if (jwt == null) {
      return null;
    }
    JsonObject json = jwt.toJson();
    json.remove("publicKeyPath");
    json.remove("jwksPath");
    return json.encode();
  }

  private static String part(String token) {
    return token == null ? "-" : "+" + token;
  }

  /**
   * Compares this server's credentials with those of the other servers and registers them.
   *
   * @return a future failed with an {@link IllegalStateException} naming the server whose
   *     credentials differ
   */
  Future<Void> register() {
    return vertx.sharedData().<String, String>getAsyncMap(ChannelAddresses.CREDENTIALS_MAP)
        .compose(m -> {
          map = m;
          byte[] mine = new byte[16];
          new SecureRandom().nextBytes(mine);
          return m.putIfAbsent(SALT, Base64.getEncoder().encodeToString(mine))
              .map(old -> old != null ? old : Base64.getEncoder().encodeToString(mine));
        })
        .compose(salt -> vertx.executeBlocking(() -> hash(salt), false))
        .compose(hash -> {
          fingerprint = hash;
          return compare();
        })
        .compose(v -> map.put(key, fingerprint))
        .compose(v -> compare().onFailure(e -> map.remove(key)));
  }

  /** Removes this server's entry. */
  Future<Void> unregister() {
    return map == null || fingerprint == null ? Future.succeededFuture()
        : map.remove(key).mapEmpty();
  }

  private Future<Void> compare() {
    Future<Set<String>> live = vertx.sharedData()
        .<String, String>getAsyncMap(ChannelAddresses.NODES_MAP).compose(AsyncMap::keys);
    return Future.all(map.entries(), live).compose(both -> {
      Map<String, String> entries = both.resultAt(0);
      Set<String> nodes = both.resultAt(1);
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        String other = entry.getKey();
        if (!other.startsWith(SERVER_PREFIX) || other.equals(key)) {
          continue;
        }
        String node = other.substring(SERVER_PREFIX.length(), other.lastIndexOf('.'));
        if (!nodes.contains(node)) {
          map.remove(other); // a server of a node that died without removing its entry
        } else if (!entry.getValue().equals(fingerprint)) {
          return Future.failedFuture(new IllegalStateException("this channel server's token, "
              + "gatewayToken or jwt differs from that of the channel server " + other.substring(
              SERVER_PREFIX.length()) + " of the same cluster: every channel server of a "
              + "cluster must have the same credentials (authentication is a property of the "
              + "channel space); refusing to start"));
        }
      }
      return Future.succeededFuture();
    });
  }

  private String hash(String salt) throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(credentials.toCharArray(),
        salt.getBytes(StandardCharsets.UTF_8), ITERATIONS, 256);
    try {
      return Base64.getEncoder().encodeToString(
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
    } finally {
      spec.clearPassword();
    }
  }
}
