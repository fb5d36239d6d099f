package dev.switchboard.gateway;

import dev.switchboard.core.JwtOptions;
import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * The connect-time options of a {@link GatewayVerticle}: the JWT check, the connect hook's time
 * bound and whether a business decides; and GatewayWorker's inner listener. Users call them on {@link GatewayOptions}; this class only keeps
 * that one's size down.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 *
 * @param <T> the options class, returned by the fluent setters
 */
abstract class GatewayConnectOptions<T extends GatewayConnectOptions<T>>
    extends GatewayWebOptions<T> {

  /** Default time the connect hook has to decide, in ms: {@value}. */
  public static final long DEFAULT_CONNECT_HOOK_TIMEOUT = 5_000;

  private long connectHookTimeout = DEFAULT_CONNECT_HOOK_TIMEOUT;
  private boolean businessHandshake;
  private JwtOptions jwt;
  private GatewayWorkermanOptions workerman = new GatewayWorkermanOptions();

  /** The JSON keys of {@link #readConnectJson} and the HTTP side's, with their types. */
  static final ConfigKeys CONNECT_KEYS = WEB_KEYS
      .longs("connectHookTimeout").booleans("businessHandshake").objects("jwt", "workerman");

  GatewayConnectOptions(int defaultPort, long defaultHeartbeatTimeout,
      int defaultMaxConnections) {
    super(defaultPort, defaultHeartbeatTimeout, defaultMaxConnections);
  }

  /** Reads the connect-time options from JSON; absent keys keep their defaults. */
  void readConnectJson(JsonObject json) {
    setConnectHookTimeout(json.getLong("connectHookTimeout", DEFAULT_CONNECT_HOOK_TIMEOUT));
    setBusinessHandshake(json.getBoolean("businessHandshake", false));
    setJwt(ConfigKeys.nested(json, "jwt", JwtOptions::new));
    GatewayWorkermanOptions inner = ConfigKeys.nested(json, "workerman",
        GatewayWorkermanOptions::new);
    setWorkerman(inner == null ? new GatewayWorkermanOptions() : inner);
  }

  /** Writes the connect-time options to JSON. */
  JsonObject writeConnectJson(JsonObject json) {
    json.put("connectHookTimeout", connectHookTimeout)
        .put("businessHandshake", businessHandshake);
    if (jwt != null) {
      json.put("jwt", jwt.toJson());
    }
    return json.put("workerman", workerman.toJson());
  }

  /** @return GatewayWorker's inner listener options (a copy) */
  public GatewayWorkermanOptions getWorkerman() {
    return new GatewayWorkermanOptions(workerman);
  }

  /**
   * @param workerman GatewayWorker's inner listener (copied; JSON key {@code workerman}): off
   *                  unless its {@code port} is set; see {@link GatewayWorkermanOptions}
   * @return a reference to this, so the API can be used fluently
   */
  public T setWorkerman(GatewayWorkermanOptions workerman) {
    this.workerman = new GatewayWorkermanOptions(Objects.requireNonNull(workerman,
        "workerman"));
    return self();
  }

  /** @return the JWT check of connecting clients (a copy), or null when off */
  public JwtOptions getJwt() {
    return jwt == null ? null : new JwtOptions(jwt);
  }

  /**
   * @param jwt the JWT every WebSocket client must present when it connects (copied; null: no
   *            check). The token is taken from the {@code Authorization: Bearer} header, else the
   *            {@code token} query parameter, else an offered subprotocol {@code bearer.<token>};
   *            a valid one binds the client to its uid claim and joins the groups of its groups
   *            claim (the connect hook sees the claims and may add, override or reject); an
   *            absent, malformed, expired or wrongly signed one gets 401 before the upgrade
   *            ({@code authRejected}). The TCP protocols carry no token: a verticle with a JWT
   *            check and a {@code framePort} or {@code textPort} fails to deploy
   * @return a reference to this, so the API can be used fluently
   * @throws IllegalArgumentException when the options name no key
   */
  public T setJwt(JwtOptions jwt) {
    if (jwt != null) {
      jwt.validate();
    }
    this.jwt = jwt == null ? null : new JwtOptions(jwt);
    return self();
  }

  /** @return the time the connect hook has to decide, ms */
  public long getConnectHookTimeout() {
    return connectHookTimeout;
  }

  /**
   * @param connectHookTimeout the time the connect hook ({@link GatewayHandler#onHandshake}, or
   *                           the business's with {@link #setBusinessHandshake}) has to decide,
   *                           in ms; past it the client is rejected with 503
   * @return a reference to this, so the API can be used fluently
   */
  public T setConnectHookTimeout(long connectHookTimeout) {
    if (connectHookTimeout <= 0) {
      throw new IllegalArgumentException("connectHookTimeout must be > 0, got "
          + connectHookTimeout);
    }
    this.connectHookTimeout = connectHookTimeout;
    return self();
  }

  /** @return whether the business decides on each connecting client */
  public boolean isBusinessHandshake() {
    return businessHandshake;
  }

  /**
   * @param businessHandshake with a {@link GatewayOptions#setBusiness business}: whether each
   *                          connecting client waits for the business's
   *                          {@link BusinessHandler#onHandshake} (one event-bus round trip per
   *                          connection; no business instance in time rejects with 503). Off:
   *                          every client is accepted, as before.
   * @return a reference to this, so the API can be used fluently
   */
  public T setBusinessHandshake(boolean businessHandshake) {
    this.businessHandshake = businessHandshake;
    return self();
  }
}
