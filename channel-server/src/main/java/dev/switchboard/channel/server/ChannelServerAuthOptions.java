package dev.switchboard.channel.server;

import dev.switchboard.core.JwtOptions;
import dev.switchboard.core.ListenerOptions;
import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;

/**
 * The security options of a {@link ChannelServer}: the shared tokens, JSON Web Tokens, whether it
 * may listen beyond loopback without them, the address ban after failed {@code auth} requests and
 * the time to authenticate. Users call them on {@link ChannelServerOptions}; this class only keeps
 * that one's size down.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 *
 * @param <T> the options class, returned by the fluent setters
 */
abstract class ChannelServerAuthOptions<T extends ChannelServerAuthOptions<T>>
    extends ListenerOptions<T> {

  /** Default time a connection has to authenticate when a token is set, in ms: {@value}. */
  public static final long DEFAULT_AUTH_TIMEOUT = 10_000;

  /** Least length of {@code token} and {@code gatewayToken}, in characters: {@value}. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /**
   * Default of {@code insecure}: {@value}. A server refuses to listen on an address other than a
   * loopback one without a {@code token} unless {@code insecure} is true.
   */
  public static final boolean DEFAULT_INSECURE = false;

  /**
   * Default number of failed {@code auth} requests from one source address before it is banned:
   * {@value}.
   */
  public static final int DEFAULT_AUTH_FAILURE_LIMIT = 5;

  /**
   * Default length of the first ban of a source address, in ms: {@value}; each further failure
   * doubles it, up to {@link #MAX_AUTH_BAN_TIME}.
   */
  public static final long DEFAULT_AUTH_BAN_TIME = 1_000;

  /** Longest ban of a source address, in ms: {@value} (10 minutes). */
  public static final long MAX_AUTH_BAN_TIME = 600_000;

  private String token;
  private String gatewayToken;
  private JwtOptions jwt;
  private boolean insecure = DEFAULT_INSECURE;
  private int authFailureLimit = DEFAULT_AUTH_FAILURE_LIMIT;
  private long authBanTime = DEFAULT_AUTH_BAN_TIME;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;

  /** The JSON keys of {@link #readAuthJson} and the listener's, with their types. */
  static final ConfigKeys AUTH_KEYS = LISTENER_KEYS
      .strings("token", "gatewayToken").objects("jwt").booleans("insecure")
      .ints("authFailureLimit").longs("authBanTime", "authTimeout");

  ChannelServerAuthOptions(int defaultPort, long defaultHeartbeatTimeout,
      int defaultMaxConnections) {
    super(defaultPort, defaultHeartbeatTimeout, defaultMaxConnections);
  }

  /** Reads the security options from JSON; absent keys keep their defaults. */
  void readAuthJson(JsonObject json) {
    setToken(json.getString("token"));
    setGatewayToken(json.getString("gatewayToken"));
    setJwt(ConfigKeys.nested(json, "jwt", JwtOptions::new));
    setInsecure(json.getBoolean("insecure", DEFAULT_INSECURE));
    setAuthFailureLimit(json.getInteger("authFailureLimit", DEFAULT_AUTH_FAILURE_LIMIT));
    setAuthBanTime(json.getLong("authBanTime", DEFAULT_AUTH_BAN_TIME));
    setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
  }

  /** Writes the security options to JSON (the tokens included: do not log it). */
  JsonObject writeAuthJson(JsonObject json) {
    json.put("insecure", insecure)
        .put("authFailureLimit", authFailureLimit)
        .put("authBanTime", authBanTime)
        .put("authTimeout", authTimeout);
    putIfSet(json, "token", token);
    putIfSet(json, "gatewayToken", gatewayToken);
    if (jwt != null) {
      json.put("jwt", jwt.toJson());
    }
    return json;
  }

  /**
   * @return the shared-secret token clients must present, or null when none is required
   */
  public String getToken() {
    return token;
  }

  /**
   * @param token the shared-secret token clients must present first ({@code auth}), or null for
   *              none; at least {@value #MIN_TOKEN_LENGTH} characters, compared in constant time.
   *              Every channel server of a cluster must have the same one.
   * @return a reference to this, so the API can be used fluently
   */
  public T setToken(String token) {
    this.token = checkToken("token", token);
    return self();
  }

  /**
   * @return the token that gives a connection the gateway role, or null when no remote client
   *     may have it
   */
  public String getGatewayToken() {
    return gatewayToken;
  }

  /**
   * @param gatewayToken the token that gives a connection the gateway role ({@code auth} with it
   *                     instead of {@code token}): only such a connection may publish or subscribe
   *                     to reserved ({@code $}) channels, e.g. a business service calling the
   *                     gateway API through {@code Gateway.remote}. Null (the default): no remote
   *                     client has the gateway role. At least {@value #MIN_TOKEN_LENGTH}
   *                     characters, different from {@code token}; every channel server of a
   *                     cluster must have the same one.
   * @return a reference to this, so the API can be used fluently
   */
  public T setGatewayToken(String gatewayToken) {
    this.gatewayToken = checkToken("gatewayToken", gatewayToken);
    return self();
  }

  /**
   * @return how JSON Web Tokens are checked, or null when the server takes none
   */
  public JwtOptions getJwt() {
    return jwt;
  }

  /**
   * @param jwt how the server checks JSON Web Tokens presented in {@code auth} (JSON key {@code
   *            jwt}), an alternative to the shared {@code token}: a valid token authenticates the
   *            connection for the channels its channels claim grants (separately for subscribe
   *            and publish, see docs/channel.md), until its {@code exp}; it never gives the
   *            gateway role. Null (the default): no JSON Web Token is taken. Copied; validated
   *            ({@link JwtOptions#validate()}).
   * @return a reference to this, so the API can be used fluently
   */
  public T setJwt(JwtOptions jwt) {
    if (jwt != null) {
      jwt.validate();
    }
    this.jwt = jwt == null ? null : new JwtOptions(jwt);
    return self();
  }

  private static String checkToken(String name, String value) {
    if (value != null && value.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(name + " must have at least " + MIN_TOKEN_LENGTH
          + " characters (null for none)");
    }
    return value;
  }

  /**
   * Checks what single setters cannot: that the two tokens differ, and that a server listening
   * on a non-loopback host has a token (or {@code jwt}) unless {@code insecure} (the caller says whether the host
   * is a loopback one, which may need a name look-up).
   *
   * @param loopbackHost whether {@link #getHost()} names loopback addresses only
   * @throws IllegalArgumentException when the options must not be used to listen
   */
  public void checkListen(boolean loopbackHost) {
    if (token != null && token.equals(gatewayToken)) {
      throw new IllegalArgumentException("gatewayToken must differ from token (otherwise every "
          + "client would have the gateway role)");
    }
    if (!loopbackHost && token == null && jwt == null && !insecure) {
      throw new IllegalArgumentException("refusing to listen on " + getHost() + " without a "
          + "token: any host that reaches it could use the channel space; set \"token\" (at "
          + "least " + MIN_TOKEN_LENGTH + " characters) or \"jwt\", listen on 127.0.0.1, or set "
          + "\"insecure\": true to accept anonymous clients on purpose");
    }
  }

  /**
   * @return whether a server without a token may listen on a non-loopback address
   */
  public boolean isInsecure() {
    return insecure;
  }

  /**
   * @param insecure true to let a server without a {@code token} listen on an address other than
   *                 a loopback one (anonymous clients from any host that reaches it); it never
   *                 gives anyone the gateway role
   * @return a reference to this, so the API can be used fluently
   */
  public T setInsecure(boolean insecure) {
    this.insecure = insecure;
    return self();
  }

  /**
   * @return the failed {@code auth} requests from one source address before it is banned
   */
  public int getAuthFailureLimit() {
    return authFailureLimit;
  }

  /**
   * @param authFailureLimit the failed {@code auth} requests one source address may make before
   *                         it is banned for {@code authBanTime} (doubled at each further
   *                         failure), positive; a banned address gets {@code AUTH_FAILED} without
   *                         its token being checked
   * @return a reference to this, so the API can be used fluently
   */
  public T setAuthFailureLimit(int authFailureLimit) {
    if (authFailureLimit <= 0) {
      throw new IllegalArgumentException("authFailureLimit must be > 0");
    }
    this.authFailureLimit = authFailureLimit;
    return self();
  }

  /**
   * @return the first ban of a source address, in ms
   */
  public long getAuthBanTime() {
    return authBanTime;
  }

  /**
   * @param authBanTime the first ban of a source address, in ms, 1 to {@link #MAX_AUTH_BAN_TIME}
   * @return a reference to this, so the API can be used fluently
   */
  public T setAuthBanTime(long authBanTime) {
    if (authBanTime <= 0 || authBanTime > MAX_AUTH_BAN_TIME) {
      throw new IllegalArgumentException("authBanTime must be 1-" + MAX_AUTH_BAN_TIME);
    }
    this.authBanTime = authBanTime;
    return self();
  }

  /**
   * @return the time a connection has to authenticate, in milliseconds
   */
  public long getAuthTimeout() {
    return authTimeout;
  }

  /**
   * @param authTimeout the time a connection has to authenticate when a token is set, in
   *                    milliseconds, positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setAuthTimeout(long authTimeout) {
    if (authTimeout <= 0) {
      throw new IllegalArgumentException("authTimeout must be > 0");
    }
    this.authTimeout = authTimeout;
    return self();
  }
}
