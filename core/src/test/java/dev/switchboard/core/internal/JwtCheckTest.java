package dev.switchboard.core.internal;

import dev.switchboard.core.JwtException;
import dev.switchboard.core.JwtException.Reason;
import dev.switchboard.core.JwtOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JwtCheck} with real vertx-auth-jwt and keys generated here: valid tokens of each
 * algorithm, the time checks with and without the leeway, and every refusal with its reason,
 * including the classic attacks ({@code alg: none}, algorithm confusion, a forged signature).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtCheckTest {

  private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

  private static Vertx vertx;
  private static JwtTokens hmac;
  private static JwtTokens rsa;
  private static JwtTokens ec;

  @TempDir
  Path dir;

  @BeforeAll
  static void keys() {
    vertx = Vertx.vertx();
    hmac = JwtTokens.hs256(vertx, SECRET, null);
    rsa = JwtTokens.rs256(vertx, "rsa-1");
    ec = JwtTokens.es256(vertx, "ec-1");
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  private JwtCheck check(JwtOptions options) {
    return Await.result(JwtCheck.create(vertx, options));
  }

  private JwtCheck rsaCheck() {
    return check(new JwtOptions().setPublicKeyPath(rsa.writePublicPem(dir).toString()));
  }

  private static JsonObject valid(JwtCheck check, String token) {
    return Await.result(check.verify(token));
  }

  private static void refused(JwtCheck check, String token, Reason reason) {
    Future<JsonObject> result = check.verify(token);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.failed()).as("token accepted: %s", result.result()).isTrue();
    assertThat(result.cause()).isInstanceOf(JwtException.class);
    JwtException e = (JwtException) result.cause();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    if (token != null && token.length() > 10) {
      assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.substring(0, 10));
    }
  }

  @Test
  void hs256TokenIsAcceptedWithItsClaims() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET));
    JsonObject claims = valid(check, hmac.sign(JwtTokens.claims("alice", 60)
        .put("groups", new JsonArray().add("admins"))));
    assertThat(claims.getString("sub")).isEqualTo("alice");
    assertThat(claims.getJsonArray("groups")).containsExactly("admins");
    assertThat(claims.getLong("exp")).isGreaterThan(JwtTokens.now());
    assertThat(check.algorithms()).containsExactly("HS256");
  }

  @Test
  void rs256TokenIsAcceptedWithAPemKey() {
    JwtCheck check = rsaCheck();
    assertThat(valid(check, rsa.sign(JwtTokens.claims("bob", 60))).getString("sub"))
        .isEqualTo("bob");
    assertThat(check.algorithms()).containsExactly("RS256");
  }

  @Test
  void es256TokenIsAcceptedWithAPemKey() {
    JwtCheck check = check(new JwtOptions().setPublicKeyPath(ec.writePublicPem(dir).toString()));
    assertThat(valid(check, ec.sign(JwtTokens.claims("carol", 60))).getString("sub"))
        .isEqualTo("carol");
    assertThat(check.algorithms()).containsExactly("ES256");
  }

  @Test
  void jwksFileWithTwoKeysPicksTheKeyByKid() {
    JwtTokens otherRsa = JwtTokens.rs256(vertx, "rsa-2");
    JwtCheck check = check(new JwtOptions()
        .setJwksPath(JwtTokens.writeJwks(dir, rsa, otherRsa).toString()));
    assertThat(valid(check, rsa.sign(JwtTokens.claims("a", 60))).getString("sub")).isEqualTo("a");
    assertThat(valid(check, otherRsa.sign(JwtTokens.claims("b", 60))).getString("sub"))
        .isEqualTo("b");
    // a key of the same algorithm outside the set, with a kid the set does not have
    refused(check, JwtTokens.rs256(vertx, "rsa-3").sign(JwtTokens.claims("c", 60)),
        Reason.BAD_SIGNATURE);
    // a kid of the set on a token signed by another key
    refused(check, JwtTokens.rs256(vertx, "rsa-2").sign(JwtTokens.claims("d", 60)),
        Reason.BAD_SIGNATURE);
  }

  @Test
  void severalKeysAllowSeveralAlgorithms() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET)
        .setJwksPath(JwtTokens.writeJwks(dir, ec, rsa).toString()));
    assertThat(check.algorithms()).containsExactlyInAnyOrder("HS256", "RS256", "ES256");
    valid(check, hmac.sign(JwtTokens.claims("h", 60)));
    valid(check, rsa.sign(JwtTokens.claims("r", 60)));
    valid(check, ec.sign(JwtTokens.claims("e", 60)));
  }

  @Test
  void expiredTokenIsRefused() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET).setLeeway(5));
    refused(check, hmac.sign(JwtTokens.claims("alice", -60)), Reason.EXPIRED);
  }

  @Test
  void tokenExpiredWithinTheLeewayIsAccepted() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET).setLeeway(30));
    valid(check, hmac.sign(JwtTokens.claims("alice", -10)));
    JwtCheck strict = check(new JwtOptions().setSecret(SECRET).setLeeway(0));
    refused(strict, hmac.sign(JwtTokens.claims("alice", -10)), Reason.EXPIRED);
  }

  @Test
  void notYetValidTokenIsRefused() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET).setLeeway(5));
    refused(check, hmac.sign(JwtTokens.claims("alice", 600)
        .put("nbf", JwtTokens.now() + 120)), Reason.NOT_YET_VALID);
    refused(check, hmac.sign(JwtTokens.claims("alice", 600)
        .put("iat", JwtTokens.now() + 120)), Reason.NOT_YET_VALID);
    // within the leeway
    valid(check, hmac.sign(JwtTokens.claims("alice", 600).put("nbf", JwtTokens.now() + 2)));
  }

  @Test
  void badSignatureIsRefused() {
    JwtCheck check = rsaCheck();
    // signed by another RSA key
    refused(check, JwtTokens.rs256(vertx, null).sign(JwtTokens.claims("x", 60)),
        Reason.BAD_SIGNATURE);
    // a valid token whose payload was changed
    String token = rsa.sign(JwtTokens.claims("x", 60));
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + base64url(JwtTokens.claims("admin", 60).encode()) + "."
        + parts[2];
    refused(check, forged, Reason.BAD_SIGNATURE);
    // HS256 with another secret
    refused(check(new JwtOptions().setSecret(SECRET)),
        JwtTokens.hs256(vertx, "another-secret-of-at-least-32-bytes!!", null)
            .sign(JwtTokens.claims("x", 60)), Reason.BAD_SIGNATURE);
  }

  @Test
  void algNoneIsRefused() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET));
    String unsigned = JwtTokens.unsigned(JwtTokens.claims("admin", 60));
    refused(check, unsigned, Reason.MALFORMED); // "h.p." has an empty signature
    refused(check, unsigned.substring(0, unsigned.length() - 1), Reason.MALFORMED);
    refused(check, unsigned + "c2ln", Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void hs256TokenSignedWithThePublicKeyIsRefused() {
    // algorithm confusion: the RSA public key (which is public) used as an HMAC secret
    refused(rsaCheck(), rsa.confusedHs256(JwtTokens.claims("admin", 60)),
        Reason.UNSUPPORTED_ALGORITHM);
    // also when HS256 is allowed through a secret: the secret, not the public key, is the key
    JwtCheck both = check(new JwtOptions().setSecret(SECRET)
        .setPublicKeyPath(rsa.writePublicPem(dir).toString()));
    refused(both, rsa.confusedHs256(JwtTokens.claims("admin", 60)), Reason.BAD_SIGNATURE);
  }

  @Test
  void vertxAuthJwtAloneRefusesAlgNoneAndAlgorithmConfusion() {
    // what the checks in front of it rely on: the library refuses these by itself too
    io.vertx.ext.auth.jwt.JWTAuth library = io.vertx.ext.auth.jwt.JWTAuth.create(vertx,
        new io.vertx.ext.auth.jwt.JWTAuthOptions().addPubSecKey(
            new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("RS256")
                .setBuffer(rsa.publicPem())));
    String unsigned = JwtTokens.unsigned(JwtTokens.claims("admin", 60));
    for (String token : List.of(unsigned, unsigned + "c2ln",
        unsigned.substring(0, unsigned.length() - 1),
        rsa.confusedHs256(JwtTokens.claims("admin", 60)))) {
      assertThat(library.authenticate(
          new io.vertx.ext.auth.authentication.TokenCredentials(token)).failed()).isTrue();
    }
  }

  @Test
  void wrongIssuerIsRefused() {
    JwtCheck one = check(new JwtOptions().setSecret(SECRET).setIssuers(List.of("auth.example")));
    valid(one, hmac.sign(JwtTokens.claims("a", 60).put("iss", "auth.example")));
    refused(one, hmac.sign(JwtTokens.claims("a", 60).put("iss", "evil.example")),
        Reason.WRONG_ISSUER);
    refused(one, hmac.sign(JwtTokens.claims("a", 60)), Reason.WRONG_ISSUER);
    JwtCheck two = check(new JwtOptions().setSecret(SECRET)
        .setIssuers(List.of("auth.example", "sso.example")));
    valid(two, hmac.sign(JwtTokens.claims("a", 60).put("iss", "sso.example")));
    refused(two, hmac.sign(JwtTokens.claims("a", 60).put("iss", "evil.example")),
        Reason.WRONG_ISSUER);
  }

  @Test
  void wrongAudienceIsRefused() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET)
        .setAudiences(List.of("chat", "push")));
    valid(check, hmac.sign(JwtTokens.claims("a", 60).put("aud", "push")));
    valid(check, hmac.sign(JwtTokens.claims("a", 60)
        .put("aud", new JsonArray().add("other").add("chat"))));
    refused(check, hmac.sign(JwtTokens.claims("a", 60).put("aud", "billing")),
        Reason.WRONG_AUDIENCE);
    refused(check, hmac.sign(JwtTokens.claims("a", 60)), Reason.WRONG_AUDIENCE);
  }

  @Test
  void uidAndGroupsAreReadFromTheConfiguredClaims() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET));
    JsonObject claims = valid(check, hmac.sign(JwtTokens.claims("alice", 60)
        .put("groups", new JsonArray().add("a").add("b").add("a"))));
    assertThat(check.uid(claims)).isEqualTo("alice");
    assertThat(check.groups(claims)).containsExactly("a", "b");
    assertThat(check.groups(new JsonObject())).isEmpty();
    assertThat(check.uid(new JsonObject())).isNull();
    JwtCheck renamed = check(new JwtOptions().setSecret(SECRET).setUidClaim("user")
        .setGroupsClaim("rooms"));
    JsonObject other = new JsonObject().put("user", "bob").put("rooms", new JsonArray().add("r"));
    assertThat(renamed.uid(other)).isEqualTo("bob");
    assertThat(renamed.groups(other)).containsExactly("r");
    assertThatThrownBy(() -> check.uid(new JsonObject().put("sub", 42)))
        .isInstanceOf(JwtException.class).hasMessageContaining("sub claim is not");
    assertThatThrownBy(() -> check.groups(new JsonObject().put("groups", "admins")))
        .isInstanceOf(JwtException.class).hasMessageContaining("groups claim is not");
    assertThatThrownBy(() -> check.groups(new JsonObject().put("groups",
        new JsonArray().add("a").add(1)))).isInstanceOf(JwtException.class);
  }

  @Test
  void malformedTokensAreRefused() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET));
    refused(check, null, Reason.ABSENT);
    refused(check, "", Reason.ABSENT);
    refused(check, "not-a-token", Reason.MALFORMED);
    refused(check, "a.b.c.d", Reason.MALFORMED);
    refused(check, "!!!.e30.c2ln", Reason.MALFORMED);
    refused(check, base64url("[1]") + ".e30.c2ln", Reason.MALFORMED);
    refused(check, base64url("{\"alg\":\"HS256\",\"alg\":\"none\"}") + ".e30.c2ln",
        Reason.MALFORMED);
    refused(check, base64url("{\"typ\":\"JWT\"}") + ".e30.c2ln", Reason.MALFORMED);
    refused(check, hmac.sign(new JsonObject().put("sub", "a").put("exp", "tomorrow")),
        Reason.MALFORMED);
    String token = hmac.sign(JwtTokens.claims("a", 60));
    refused(check, token.substring(0, token.length() - 1) + "*", Reason.MALFORMED);
  }

  @Test
  void oversizeTokenIsRefusedUnparsed() {
    JwtCheck check = check(new JwtOptions().setSecret(SECRET));
    String big = hmac.sign(JwtTokens.claims("a", 60).put("pad", "x".repeat(9000)));
    assertThat(big.length()).isGreaterThan(JwtOptions.MAX_TOKEN_LENGTH);
    refused(check, big, Reason.OVERSIZE);
    String fits = hmac.sign(JwtTokens.claims("a", 60).put("pad", "x".repeat(5000)));
    assertThat(fits.length()).isLessThanOrEqualTo(JwtOptions.MAX_TOKEN_LENGTH);
    valid(check, fits);
  }

  @Test
  void requireExpRefusesATokenWithoutExp() {
    String forever = hmac.sign(new JsonObject().put("sub", "a"));
    valid(check(new JwtOptions().setSecret(SECRET)), forever);
    refused(check(new JwtOptions().setSecret(SECRET).setRequireExp(true)), forever,
        Reason.MALFORMED);
  }

  @Test
  void unusableKeysFailTheCreationWithTheReason() throws Exception {
    Path notPem = Files.writeString(dir.resolve("bad.pem"), "hello\nworld\nagain\n");
    assertThatThrownBy(() -> check(new JwtOptions().setPublicKeyPath(notPem.toString())))
        .hasMessageContaining("publicKeyPath holds neither an RSA nor an EC public key");
    assertThatThrownBy(() -> check(new JwtOptions().setPublicKeyPath(
        dir.resolve("missing.pem").toString()))).hasMessageContaining("cannot be read");
    Path noKeys = Files.writeString(dir.resolve("empty.json"), "{\"keys\":[]}");
    assertThatThrownBy(() -> check(new JwtOptions().setJwksPath(noKeys.toString())))
        .hasMessageContaining("JSON Web Key Set");
    Path ps = Files.writeString(dir.resolve("ps.json"), new JsonObject().put("keys",
        new JsonArray().add(rsa.publicJwk().put("alg", "PS256"))).encode());
    assertThatThrownBy(() -> check(new JwtOptions().setJwksPath(ps.toString())))
        .hasMessageContaining("unsupported algorithm");
    Path broken = Files.writeString(dir.resolve("broken.json"), new JsonObject().put("keys",
        new JsonArray().add(rsa.publicJwk().put("n", "AQAB").put("e", "!"))).encode());
    assertThatThrownBy(() -> check(new JwtOptions().setJwksPath(broken.toString())))
        .hasMessageContaining("key 0 (RS256) cannot be read");
    JsonObject p384 = ec.publicJwk().put("crv", "P-384");
    Path wrongCurve = Files.writeString(dir.resolve("p384.json"), new JsonObject().put("keys",
        new JsonArray().add(p384)).encode());
    assertThatThrownBy(() -> check(new JwtOptions().setJwksPath(wrongCurve.toString())))
        .hasMessageContaining("other than P-256");
    Path encOnly = Files.writeString(dir.resolve("enc.json"), new JsonObject().put("keys",
        new JsonArray().add(rsa.publicJwk().put("use", "enc"))).encode());
    assertThatThrownBy(() -> check(new JwtOptions().setJwksPath(encOnly.toString())))
        .hasMessageContaining("no signature key");
    assertThatThrownBy(() -> check(new JwtOptions())).hasMessageContaining("at least one key");
  }

  private static String base64url(String text) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
