package dev.switchboard.core.internal;

import dev.switchboard.core.JwtOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Loads the keys of {@link JwtOptions} into vertx-auth-jwt's {@link JWTAuthOptions}: the HS256
 * secret, the PEM public key (RS256 when it is an RSA key, ES256 when an EC key) and each key of
 * the JWKS file (given to vertx-auth-jwt as a JWK). Every key is proven loaded on its own:
 * vertx-auth-jwt skips a JWK it cannot read with a warning, and a provider left without any key
 * accepts unsigned tokens, so each key is tried alone in a provider that must then refuse an
 * unsigned token.
 *
 * <p>Threading: {@link #load(Vertx, JwtOptions)} may be called from any thread; its future
 * completes on the caller's context (the files are read with Vert.x's asynchronous file system).
 */
final class JwtKeys {

  /** The algorithms a key may have. */
  static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");

  /** Most keys of a JWKS file. */
  static final int MAX_JWKS_KEYS = 100;

  /** Largest key file read, in bytes (1 MiB). */
  static final int MAX_FILE_SIZE = 1024 * 1024;

  /** An unsigned token ({@code {"alg":"none"}.{}}): only a provider without keys accepts it. */
  private static final String UNSIGNED = "eyJhbGciOiJub25lIn0.e30";

  private static final Map<String, String> DEFAULT_ALGORITHM =
      Map.of("RSA", "RS256", "EC", "ES256", "oct", "HS256");

  private final JWTAuthOptions auth = new JWTAuthOptions();
  private final Set<String> algorithms = new LinkedHashSet<>();

  private JwtKeys() {
  }

  /** @return the provider's options, with every key */
  JWTAuthOptions auth() {
    return auth;
  }

  /** @return the algorithms of the keys loaded */
  Set<String> algorithms() {
    return algorithms;
  }

  /**
   * Reads and checks every key the options name.
   *
   * @param vertx   the Vert.x instance (files, and the trial providers)
   * @param options the options, validated
   * @return the keys, or a future failed with an {@link IllegalArgumentException} naming the key
   *     that cannot be used
   */
  static Future<JwtKeys> load(Vertx vertx, JwtOptions options) {
    JwtKeys keys = new JwtKeys();
    try {
      options.validate();
      if (options.getSecret() != null) {
        keys.add(vertx, "secret", "HS256", new PubSecKeyOptions().setAlgorithm("HS256")
            .setBuffer(Buffer.buffer(options.getSecret().getBytes(StandardCharsets.UTF_8))));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<Void> done = Future.succeededFuture();
    if (options.getPublicKeyPath() != null) {
      done = read(vertx, "publicKeyPath", options.getPublicKeyPath())
          .map(pem -> {
            keys.addPem(vertx, pem);
            return null;
          });
    }
    if (options.getJwksPath() != null) {
      done = done.compose(v -> read(vertx, "jwksPath", options.getJwksPath()))
          .map(jwks -> {
            keys.addJwks(vertx, jwks);
            return null;
          });
    }
    return done.map(v -> keys);
  }

  private static Future<Buffer> read(Vertx vertx, String name, String path) {
    return vertx.fileSystem().props(path)
        .compose(props -> props.size() > MAX_FILE_SIZE
            ? Future.failedFuture(new IllegalArgumentException("jwt." + name + " " + path
                + " is larger than " + MAX_FILE_SIZE + " bytes"))
            : vertx.fileSystem().readFile(path))
        .recover(e -> Future.failedFuture(e instanceof IllegalArgumentException ? e
            : new IllegalArgumentException("jwt." + name + " " + path + " cannot be read: "
                + e.getMessage(), e)));
  }

  private void addPem(Vertx vertx, Buffer pem) {
    // the key's type says the algorithm: vertx-auth-jwt reads it as RSA or as EC, or neither
    for (String algorithm : new String[] {"RS256", "ES256"}) {
      PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem);
      if (loads(vertx, new JWTAuthOptions().addPubSecKey(key))) {
        auth.addPubSecKey(key);
        algorithms.add(algorithm);
        return;
      }
    }
    throw new IllegalArgumentException("jwt.publicKeyPath holds neither an RSA nor an EC public "
        + "key (PEM, \"PUBLIC KEY\" or \"CERTIFICATE\")");
  }

  private void add(Vertx vertx, String name, String algorithm, PubSecKeyOptions key) {
    if (!loads(vertx, new JWTAuthOptions().addPubSecKey(key))) {
      throw new IllegalArgumentException("jwt." + name + " cannot be used as an " + algorithm
          + " key");
    }
    auth.addPubSecKey(key);
    algorithms.add(algorithm);
  }

  private void addJwks(Vertx vertx, Buffer file) {
    JsonArray list;
    try {
      Object json = StrictJson.decode(file);
      list = json instanceof JsonObject set ? set.getJsonArray("keys") : null;
    } catch (DecodeException | ClassCastException e) {
      list = null;
    }
    if (list == null || list.isEmpty()) {
      throw new IllegalArgumentException("jwt.jwksPath must hold a JSON Web Key Set: "
          + "{\"keys\": [ ... ]} with at least one key");
    }
    if (list.size() > MAX_JWKS_KEYS) {
      throw new IllegalArgumentException("jwt.jwksPath may hold at most " + MAX_JWKS_KEYS
          + " keys");
    }
    int used = 0;
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject jwk)) {
        throw new IllegalArgumentException("jwt.jwksPath key " + i + " is not a JSON object");
      }
      if (jwk.getValue("use") != null && !"sig".equals(jwk.getValue("use"))) {
        continue; // an encryption key: not for signatures (RFC 7517 §4.2)
      }
      String algorithm = algorithm(i, jwk);
      if (!loads(vertx, new JWTAuthOptions().addJwk(jwk.copy().put("alg", algorithm)))) {
        throw new IllegalArgumentException("jwt.jwksPath key " + i + " (" + algorithm
            + ") cannot be read as a JSON Web Key");
      }
      auth.addJwk(jwk.copy().put("alg", algorithm));
      algorithms.add(algorithm);
      used++;
    }
    if (used == 0) {
      throw new IllegalArgumentException("jwt.jwksPath has no signature key (every key has a "
          + "\"use\" other than \"sig\")");
    }
  }

  private static String algorithm(int index, JsonObject jwk) {
    Object kty = jwk.getValue("kty");
    Object alg = jwk.getValue("alg");
    String algorithm = alg instanceof String name ? name
        : kty instanceof String type ? DEFAULT_ALGORITHM.get(type) : null;
    if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("jwt.jwksPath key " + index + " has an unsupported "
          + "algorithm or key type: the keys must be RS256, ES256 or HS256");
    }
    if (algorithm.equals("ES256") && !"P-256".equals(jwk.getValue("crv"))) {
      throw new IllegalArgumentException("jwt.jwksPath key " + index + " is ES256 on a curve "
          + "other than P-256");
    }
    return algorithm;
  }

  /**
   * @return whether a provider with these keys has at least one: one without any accepts an
   *     unsigned token. vertx-auth-jwt answers synchronously; a key it cannot read throws at
   *     creation, or is skipped.
   */
  static boolean loads(Vertx vertx, JWTAuthOptions options) {
    try {
      JWTAuth provider = JWTAuth.create(vertx, options);
      Future<?> probe = provider.authenticate(new TokenCredentials(UNSIGNED));
      return probe.isComplete() && probe.failed();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
