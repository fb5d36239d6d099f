package dev.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signing key for tests of JWT checks, and the tokens it signs: an HS256 secret, or an RS256
 * or ES256 key pair generated with {@link KeyPairGenerator}. It writes what a server is configured
 * with (the public key as a PEM file, JWKS files) and signs tokens with vertx-auth-jwt's {@link
 * JWTAuth#generateToken}, the library the servers verify with. It also makes the tokens of the
 * classic attacks: unsigned ({@code alg: none}) and HS256 signed with the RSA/EC public key as
 * the secret (algorithm confusion).
 *
 * <p>Threading: immutable apart from the provider, which is thread-safe.
 */
public final class JwtTokens {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String algorithm;
  private final String kid;
  private final byte[] secret;
  private final KeyPair pair;
  private final JWTAuth signer;
  private final Vertx vertx;

  private JwtTokens(Vertx vertx, String algorithm, String kid, byte[] secret, KeyPair pair,
      PubSecKeyOptions key) {
    this.vertx = vertx;
    this.algorithm = algorithm;
    this.kid = kid;
    this.secret = secret;
    this.pair = pair;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key.setId(kid)));
  }

  /**
   * @param vertx  a Vert.x instance (vertx-auth-jwt wants one)
   * @param secret the HS256 secret (its UTF-8 bytes are the key)
   * @param kid    the key id put in the tokens' header, or null for none
   * @return an HS256 signer
   */
  public static JwtTokens hs256(Vertx vertx, String secret, String kid) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return new JwtTokens(vertx, "HS256", kid, bytes, null,
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(bytes)));
  }

  /**
   * @param vertx a Vert.x instance
   * @param kid   the key id put in the tokens' header, or null for none
   * @return an RS256 signer with a new 2048-bit RSA key pair
   */
  public static JwtTokens rs256(Vertx vertx, String kid) {
    return pair(vertx, "RS256", kid, "RSA", null);
  }

  /**
   * @param vertx a Vert.x instance
   * @param kid   the key id put in the tokens' header, or null for none
   * @return an ES256 signer with a new P-256 key pair
   */
  public static JwtTokens es256(Vertx vertx, String kid) {
    return pair(vertx, "ES256", kid, "EC", new ECGenParameterSpec("secp256r1"));
  }

  private static JwtTokens pair(Vertx vertx, String algorithm, String kid, String type,
      ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        generator.initialize(curve);
      } else {
        generator.initialize(2048);
      }
      KeyPair pair = generator.generateKeyPair();
      String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
      return new JwtTokens(vertx, algorithm, kid, null, pair,
          new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(privatePem));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(type + " key generation failed", e);
    }
  }

  /** @return the algorithm: HS256, RS256 or ES256 */
  public String algorithm() {
    return algorithm;
  }

  /** @return the key id, or null */
  public String kid() {
    return kid;
  }

  /**
   * Signs claims; {@code iat} is added (now) unless present.
   *
   * @param claims the claims (not modified)
   * @return the token
   */
  public String sign(JsonObject claims) {
    return signer.generateToken(claims.copy(), new JWTOptions().setAlgorithm(algorithm));
  }

  /**
   * @param subject          the {@code sub} claim
   * @param expiresInSeconds {@code exp} relative to now (negative: expired)
   * @return claims with {@code sub} and {@code exp}
   */
  public static JsonObject claims(String subject, long expiresInSeconds) {
    return new JsonObject().put("sub", subject).put("exp", now() + expiresInSeconds);
  }

  /** @return the time now in seconds since the epoch (a JWT NumericDate) */
  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * Makes an unsigned token, {@code alg: none} with an empty signature (RFC 7519 §6).
   *
   * @param claims the claims
   * @return the token
   */
  public static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  /**
   * The algorithm-confusion attack: an HS256 token whose HMAC key is this RS256/ES256 key's public
   * key as the PEM text, which a careless verifier would take as the secret.
   *
   * @param claims the claims
   * @return the token
   */
  public String confusedHs256(JsonObject claims) {
    JWTAuth forger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(publicPem())));
    return forger.generateToken(claims.copy(), new JWTOptions().setAlgorithm("HS256"));
  }

  /** @return the public key as PEM ({@code PUBLIC KEY}) */
  public String publicPem() {
    requirePair();
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  /**
   * @param dir where to write
   * @return the path of a new PEM file holding the public key
   */
  public Path writePublicPem(Path dir) {
    return write(dir, algorithm + "-" + System.nanoTime() + ".pem", publicPem());
  }

  /**
   * @return the key as a JWK (RFC 7517): the public key for RS256/ES256, the secret for HS256,
   *     with {@code alg}, {@code use: sig} and {@code kid}
   */
  public JsonObject publicJwk() {
    JsonObject jwk = new JsonObject().put("alg", algorithm).put("use", "sig");
    if (kid != null) {
      jwk.put("kid", kid);
    }
    if (secret != null) {
      return jwk.put("kty", "oct").put("k", BASE64URL.encodeToString(secret));
    }
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return jwk.put("kty", "RSA").put("n", unsigned(rsa.getModulus(), 0))
          .put("e", unsigned(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return jwk.put("kty", "EC").put("crv", "P-256")
        .put("x", unsigned(ec.getW().getAffineX(), 32))
        .put("y", unsigned(ec.getW().getAffineY(), 32));
  }

  /**
   * @param dir  where to write
   * @param keys the keys of the set
   * @return the path of a new JWKS file ({@code {"keys": [...]}}) of the keys' {@link #publicJwk()}
   */
  public static Path writeJwks(Path dir, JwtTokens... keys) {
    JsonArray list = new JsonArray();
    for (JwtTokens key : keys) {
      list.add(key.publicJwk());
    }
    return write(dir, "jwks-" + System.nanoTime() + ".json",
        new JsonObject().put("keys", list).encodePrettily());
  }

  private void requirePair() {
    if (pair == null) {
      throw new IllegalStateException("an HS256 key has no public key");
    }
  }

  private static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** A big-endian unsigned integer, base64url, left-padded with zeros to {@code size} bytes. */
  private static String unsigned(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < size) {
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
      bytes = padded;
    }
    return BASE64URL.encodeToString(bytes);
  }

  private static String part(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
