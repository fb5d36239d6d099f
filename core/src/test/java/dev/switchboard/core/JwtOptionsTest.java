package dev.switchboard.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JwtOptions}: defaults, copy, JSON round trip and validation messages. */
class JwtOptionsTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void defaults() {
    JwtOptions options = new JwtOptions();
    assertThat(options.getLeeway()).isEqualTo(JwtOptions.DEFAULT_LEEWAY).isEqualTo(30);
    assertThat(options.isRequireExp()).isFalse();
    assertThat(options.getUidClaim()).isEqualTo("sub");
    assertThat(options.getGroupsClaim()).isEqualTo("groups");
    assertThat(options.getChannelsClaim()).isEqualTo("channels");
    assertThat(options.getIssuers()).isEmpty();
    assertThat(options.getAudiences()).isEmpty();
    assertThat(options.getSecret()).isNull();
    assertThatThrownBy(options::validate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one key");
  }

  @Test
  void jsonRoundTripAndCopy() {
    JsonObject json = new JsonObject().put("secret", SECRET).put("publicKeyPath", "k.pem")
        .put("jwksPath", "k.json").put("issuers", new JsonArray().add("a").add("b"))
        .put("audiences", new JsonArray().add("chat")).put("leeway", 5).put("requireExp", true)
        .put("uidClaim", "uid").put("groupsClaim", "rooms").put("channelsClaim", "perms");
    JwtOptions options = new JwtOptions(json);
    assertThat(options.toJson()).isEqualTo(json);
    assertThat(new JwtOptions(options).toJson()).isEqualTo(json);
    assertThat(options.getIssuers()).containsExactly("a", "b");
    assertThat(new JwtOptions(new JsonObject().put("secret", SECRET)).toJson())
        .isEqualTo(new JwtOptions().setSecret(SECRET).toJson());
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new JwtOptions().setSecret("short"))
        .hasMessageContaining("jwt.secret must have at least 32 bytes");
    assertThatThrownBy(() -> new JwtOptions().setLeeway(-1))
        .hasMessageContaining("jwt.leeway must be 0-600");
    assertThatThrownBy(() -> new JwtOptions().setLeeway(601))
        .hasMessageContaining("jwt.leeway must be 0-600");
    assertThatThrownBy(() -> new JwtOptions().setIssuers(List.of("")))
        .hasMessageContaining("jwt.issuers must not hold an empty entry");
    assertThatThrownBy(() -> new JwtOptions().setAudiences(
        java.util.Collections.nCopies(65, "a"))).hasMessageContaining("at most 64");
    assertThatThrownBy(() -> new JwtOptions().setUidClaim(" "))
        .hasMessageContaining("jwt.uidClaim must not be blank");
    assertThatThrownBy(() -> new JwtOptions().setPublicKeyPath(""))
        .hasMessageContaining("jwt.publicKeyPath must not be blank");
    assertThatThrownBy(() -> new JwtOptions(new JsonObject().put("secret", SECRET)
        .put("issuers", "a"))).hasMessageContaining("jwt.issuers must be an array of strings");
    assertThatThrownBy(() -> new JwtOptions(new JsonObject()))
        .hasMessageContaining("jwt needs at least one key");
  }

  @Test
  void anUnknownKeyOrAWrongTypeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> new JwtOptions(new JsonObject().put("secret", "x".repeat(32))
        .put("requireEpx", true)))
        .hasMessageStartingWith("unknown option \"requireEpx\" (did you mean \"requireExp\"?)");
    assertThatThrownBy(() -> new JwtOptions(new JsonObject().put("secret", "x".repeat(32))
        .put("leeway", "30s"))).hasMessage("leeway must be a number, got \"30s\"");
  }
}
