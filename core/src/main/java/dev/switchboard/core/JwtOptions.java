package dev.switchboard.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a server checks JSON Web Tokens (RFC 7519): the keys a token may be signed with, the
 * issuers and audiences it must name, the clock skew allowed, and the names of the claims the
 * features read (the uid, the groups, the channel permissions). The same options serve the
 * gateway's {@code jwt} and the channel server's {@code jwt}.
 *
 * <p>Keys, any combination of them (at least one): an HS256 {@code secret}; a {@code
 * publicKeyPath}, a PEM file holding an RSA public key (RS256) or a P-256 EC public key (ES256),
 * as a {@code PUBLIC KEY} or a {@code CERTIFICATE}; a {@code jwksPath}, a JSON Web Key Set file
 * ({@code {"keys": [...]}}) whose keys name their algorithm (RS256, ES256 or HS256) and usually a
 * {@code kid}. A token is accepted only with an algorithm one of the keys has: {@code alg: none}
 * never, and an HS256 token never against an RSA or EC key (the algorithm-confusion attack).
 *
 * <p>JSON keys are the property names; {@code leeway} is in seconds. {@link #toJson()} includes
 * the secret: do not log it. Not thread-safe: build it on one thread, then hand it over.
 */
public class JwtOptions {

  /** Default clock skew allowed on {@code exp}, {@code nbf} and {@code iat}, in seconds: {@value}. */
  public static final int DEFAULT_LEEWAY = 30;

  /** Largest {@code leeway}, in seconds: {@value} (10 minutes). */
  public static final int MAX_LEEWAY = 600;

  /** Default of {@code requireExp}: {@value} (a token without {@code exp} never expires). */
  public static final boolean DEFAULT_REQUIRE_EXP = false;

  /** Default claim holding the user id: {@value}. */
  public static final String DEFAULT_UID_CLAIM = "sub";

  /** Default claim holding the groups to join: {@value}. */
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** Default claim holding the channel permissions: {@value}. */
  public static final String DEFAULT_CHANNELS_CLAIM = "channels";

  /**
   * Longest token checked, in characters: {@value} (8 KiB). A longer one is refused before it is
   * parsed.
   */
  public static final int MAX_TOKEN_LENGTH = 8192;

  /** Least length of an HS256 {@code secret}, in UTF-8 bytes: {@value} (256 bits, RFC 7518 §3.2). */
  public static final int MIN_SECRET_LENGTH = 32;

  /** Most entries of {@code issuers}, and of {@code audiences}: {@value}. */
  public static final int MAX_NAMES = 64;

  private String secret;
  private String publicKeyPath;
  private String jwksPath;
  private List<String> issuers = List.of();
  private List<String> audiences = List.of();
  private int leeway = DEFAULT_LEEWAY;
  private boolean requireExp = DEFAULT_REQUIRE_EXP;
  private String uidClaim = DEFAULT_UID_CLAIM;
  private String groupsClaim = DEFAULT_GROUPS_CLAIM;
  private String channelsClaim = DEFAULT_CHANNELS_CLAIM;

  /** Options with every default and no key yet ({@link #validate()} fails until one is set). */
  public JwtOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public JwtOptions(JwtOptions other) {
    this.secret = other.secret;
    this.publicKeyPath = other.publicKeyPath;
    this.jwksPath = other.jwksPath;
    this.issuers = other.issuers;
    this.audiences = other.audiences;
    this.leeway = other.leeway;
    this.requireExp = other.requireExp;
    this.uidClaim = other.uidClaim;
    this.groupsClaim = other.groupsClaim;
    this.channelsClaim = other.channelsClaim;
  }

  /** The JSON keys of {@link #JwtOptions(JsonObject)}, with their types. */
  private static final ConfigKeys KEYS = ConfigKeys.of("jwt")
      .strings("secret", "publicKeyPath", "jwksPath", "uidClaim", "groupsClaim", "channelsClaim")
      .any("issuers", "audiences") // checked by strings(), naming them jwt.issuers / jwt.audiences
      .ints("leeway").booleans("requireExp");

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, a key unknown
   *     (unless {@code "strict": false}), or no key is given
   */
  public JwtOptions(JsonObject json) {
    json = KEYS.check(json);
    setSecret(json.getString("secret"));
    setPublicKeyPath(json.getString("publicKeyPath"));
    setJwksPath(json.getString("jwksPath"));
    setIssuers(strings(json, "issuers"));
    setAudiences(strings(json, "audiences"));
    setLeeway(json.getInteger("leeway", DEFAULT_LEEWAY));
    setRequireExp(json.getBoolean("requireExp", DEFAULT_REQUIRE_EXP));
    setUidClaim(json.getString("uidClaim", DEFAULT_UID_CLAIM));
    setGroupsClaim(json.getString("groupsClaim", DEFAULT_GROUPS_CLAIM));
    setChannelsClaim(json.getString("channelsClaim", DEFAULT_CHANNELS_CLAIM));
    validate();
  }

  private static List<String> strings(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("jwt." + key + " must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException("jwt." + key + " must be an array of strings");
      }
      list.add(text);
    }
    return list;
  }

  /**
   * @return these options as JSON, readable by {@link #JwtOptions(JsonObject)}; the secret is
   *     included, so do not log it
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("issuers", new JsonArray(new ArrayList<>(issuers)))
        .put("audiences", new JsonArray(new ArrayList<>(audiences)))
        .put("leeway", leeway)
        .put("requireExp", requireExp)
        .put("uidClaim", uidClaim)
        .put("groupsClaim", groupsClaim)
        .put("channelsClaim", channelsClaim);
    ListenerOptions.putIfSet(json, "secret", secret);
    ListenerOptions.putIfSet(json, "publicKeyPath", publicKeyPath);
    ListenerOptions.putIfSet(json, "jwksPath", jwksPath);
    return json;
  }

  /**
   * Checks what single setters cannot: that at least one key is given.
   *
   * @throws IllegalArgumentException when the options cannot check a token
   */
  public void validate() {
    if (secret == null && publicKeyPath == null && jwksPath == null) {
      throw new IllegalArgumentException("jwt needs at least one key: \"secret\" (HS256), "
          + "\"publicKeyPath\" (a PEM file, RS256 or ES256) or \"jwksPath\" (a JWKS file)");
    }
  }

  /** @return the HS256 secret, or null */
  public String getSecret() {
    return secret;
  }

  /**
   * @param secret the HS256 secret (its UTF-8 bytes are the key), at least
   *               {@value #MIN_SECRET_LENGTH} bytes; null for none
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setSecret(String secret) {
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("jwt.secret must have at least " + MIN_SECRET_LENGTH
          + " bytes (HS256 wants a 256-bit key; null for none)");
    }
    this.secret = secret;
    return this;
  }

  /** @return the path of the PEM public key (or certificate), or null */
  public String getPublicKeyPath() {
    return publicKeyPath;
  }

  /**
   * @param publicKeyPath a PEM file holding an RSA public key (tokens signed RS256) or a P-256 EC
   *                      public key (ES256), as {@code PUBLIC KEY} or {@code CERTIFICATE}; read
   *                      when the server starts; null for none
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setPublicKeyPath(String publicKeyPath) {
    this.publicKeyPath = blankToError("publicKeyPath", publicKeyPath);
    return this;
  }

  /** @return the path of the JSON Web Key Set file, or null */
  public String getJwksPath() {
    return jwksPath;
  }

  /**
   * @param jwksPath a JSON Web Key Set file ({@code {"keys": [...]}}, RFC 7517) of RS256, ES256
   *                 or HS256 keys; a token's {@code kid} picks the key; read when the server
   *                 starts; null for none
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setJwksPath(String jwksPath) {
    this.jwksPath = blankToError("jwksPath", jwksPath);
    return this;
  }

  private static String blankToError(String name, String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException("jwt." + name + " must not be blank (null for none)");
    }
    return value;
  }

  /** @return the issuers accepted (an empty list accepts any) */
  public List<String> getIssuers() {
    return issuers;
  }

  /**
   * @param issuers the {@code iss} values accepted, at most {@value #MAX_NAMES}; empty accepts
   *                any (and a token without {@code iss}); otherwise a token must name one
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setIssuers(List<String> issuers) {
    this.issuers = names("issuers", issuers);
    return this;
  }

  /** @return the audiences accepted (an empty list accepts any) */
  public List<String> getAudiences() {
    return audiences;
  }

  /**
   * @param audiences the {@code aud} values accepted, at most {@value #MAX_NAMES}; empty accepts
   *                  any; otherwise a token's {@code aud} (a string or a list) must name one
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setAudiences(List<String> audiences) {
    this.audiences = names("audiences", audiences);
    return this;
  }

  private static List<String> names(String name, List<String> values) {
    Objects.requireNonNull(values, name);
    if (values.size() > MAX_NAMES) {
      throw new IllegalArgumentException("jwt." + name + " may have at most " + MAX_NAMES
          + " entries");
    }
    for (String value : values) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("jwt." + name + " must not hold an empty entry");
      }
    }
    return List.copyOf(values);
  }

  /** @return the clock skew allowed, in seconds */
  public int getLeeway() {
    return leeway;
  }

  /**
   * @param leeway the clock skew allowed between the token's issuer and this server, in seconds,
   *               0 to {@value #MAX_LEEWAY}: a token is still accepted that long after its
   *               {@code exp}, and that long before its {@code nbf} or {@code iat}
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setLeeway(int leeway) {
    if (leeway < 0 || leeway > MAX_LEEWAY) {
      throw new IllegalArgumentException("jwt.leeway must be 0-" + MAX_LEEWAY + " seconds, got "
          + leeway);
    }
    this.leeway = leeway;
    return this;
  }

  /** @return whether a token without {@code exp} is refused */
  public boolean isRequireExp() {
    return requireExp;
  }

  /**
   * @param requireExp true to refuse tokens without an {@code exp} claim (which would otherwise
   *                   never expire)
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setRequireExp(boolean requireExp) {
    this.requireExp = requireExp;
    return this;
  }

  /** @return the claim holding the user id */
  public String getUidClaim() {
    return uidClaim;
  }

  /**
   * @param uidClaim the claim holding the user id the gateway binds (a string)
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setUidClaim(String uidClaim) {
    this.uidClaim = claim("uidClaim", uidClaim);
    return this;
  }

  /** @return the claim holding the groups to join */
  public String getGroupsClaim() {
    return groupsClaim;
  }

  /**
   * @param groupsClaim the claim holding the groups the gateway joins the client to (a list of
   *                    strings)
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setGroupsClaim(String groupsClaim) {
    this.groupsClaim = claim("groupsClaim", groupsClaim);
    return this;
  }

  /** @return the claim holding the channel permissions */
  public String getChannelsClaim() {
    return channelsClaim;
  }

  /**
   * @param channelsClaim the claim holding the channels a channel-server connection may use
   *                      (see docs/channel.md)
   * @return a reference to this, so the API can be used fluently
   */
  public JwtOptions setChannelsClaim(String channelsClaim) {
    this.channelsClaim = claim("channelsClaim", channelsClaim);
    return this;
  }

  private static String claim(String name, String value) {
    return ListenerOptions.nonBlank("jwt." + name, value);
  }
}
