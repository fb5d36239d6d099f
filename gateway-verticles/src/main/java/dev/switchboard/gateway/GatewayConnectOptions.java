package dev.switchboard.gateway;

import io.vertx.core.json.JsonObject;

/**
 * The connect-time options of a {@link GatewayVerticle}: the connect hook's time bound and
 * whether a business decides. Users call them on {@link GatewayOptions}; this class only keeps
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

  GatewayConnectOptions(int defaultPort, long defaultHeartbeatTimeout,
      int defaultMaxConnections) {
    super(defaultPort, defaultHeartbeatTimeout, defaultMaxConnections);
  }

  /** Reads the connect-time options from JSON; absent keys keep their defaults. */
  void readConnectJson(JsonObject json) {
    setConnectHookTimeout(json.getLong("connectHookTimeout", DEFAULT_CONNECT_HOOK_TIMEOUT));
    setBusinessHandshake(json.getBoolean("businessHandshake", false));
  }

  /** Writes the connect-time options to JSON. */
  JsonObject writeConnectJson(JsonObject json) {
    return json.put("connectHookTimeout", connectHookTimeout)
        .put("businessHandshake", businessHandshake);
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
