package dev.switchboard.channel;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;

/**
 * How a remote {@link ChannelClient} connects: TLS, and the timing of its connection (connect
 * timeout, reconnection delays, pings, request timeout). Users call them on
 * {@link ChannelClientOptions}; this class only keeps that one's size down.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 *
 * @param <T> the options class, returned by the fluent setters
 */
abstract class ChannelConnectionOptions<T extends ChannelConnectionOptions<T>> {

  /** Default time one connection attempt may take, in milliseconds: {@value}. */
  public static final long DEFAULT_CONNECT_TIMEOUT = 5_000;

  /** Default first reconnection delay, in milliseconds: {@value}; it doubles per failed attempt. */
  public static final long DEFAULT_RECONNECT_INITIAL_DELAY = 100;

  /** Default cap of the reconnection delay, in milliseconds: {@value}. */
  public static final long DEFAULT_RECONNECT_MAX_DELAY = 10_000;

  /** Default idle time after which the client pings, in milliseconds: {@value} (0: never). */
  public static final long DEFAULT_PING_INTERVAL = 25_000;

  /**
   * Default time the server may stay silent after a ping before the connection is considered dead
   * and replaced, in milliseconds: {@value}.
   */
  public static final long DEFAULT_PONG_TIMEOUT = 10_000;

  /** Default time the server may take to answer a request, in milliseconds: {@value}. */
  public static final long DEFAULT_REQUEST_TIMEOUT = 10_000;

  private boolean ssl;
  private boolean trustAll;
  private String pemTrustPath;
  private boolean verifyHost = true;
  private long connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private long reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
  private long reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
  private long pingInterval = DEFAULT_PING_INTERVAL;
  private long pongTimeout = DEFAULT_PONG_TIMEOUT;
  private long requestTimeout = DEFAULT_REQUEST_TIMEOUT;

  ChannelConnectionOptions() {
  }

  /** @return this, as the options class */
  @SuppressWarnings("unchecked")
  final T self() {
    return (T) this;
  }

  /** The JSON keys of {@link #readConnectionJson}, with their types. */
  static final ConfigKeys CONNECTION_KEYS = ConfigKeys.of("channel client")
      .booleans("ssl", "trustAll", "verifyHost").strings("pemTrustPath")
      .longs("connectTimeout", "reconnectInitialDelay", "reconnectMaxDelay", "pingInterval",
          "pongTimeout", "requestTimeout");

  /** Reads the connection's options from JSON; absent keys keep their defaults. */
  void readConnectionJson(JsonObject json) {
    setSsl(json.getBoolean("ssl", false));
    setTrustAll(json.getBoolean("trustAll", false));
    setPemTrustPath(json.getString("pemTrustPath"));
    setVerifyHost(json.getBoolean("verifyHost", true));
    setConnectTimeout(json.getLong("connectTimeout", DEFAULT_CONNECT_TIMEOUT));
    setReconnectInitialDelay(json.getLong("reconnectInitialDelay", DEFAULT_RECONNECT_INITIAL_DELAY));
    setReconnectMaxDelay(json.getLong("reconnectMaxDelay", DEFAULT_RECONNECT_MAX_DELAY));
    setPingInterval(json.getLong("pingInterval", DEFAULT_PING_INTERVAL));
    setPongTimeout(json.getLong("pongTimeout", DEFAULT_PONG_TIMEOUT));
    setRequestTimeout(json.getLong("requestTimeout", DEFAULT_REQUEST_TIMEOUT));
  }

  /**
   * Writes the connection's options to JSON, except {@code pemTrustPath} (the options class puts
   * it last, when set).
   */
  JsonObject writeConnectionJson(JsonObject json) {
    return json
        .put("ssl", ssl)
        .put("trustAll", trustAll)
        .put("verifyHost", verifyHost)
        .put("connectTimeout", connectTimeout)
        .put("reconnectInitialDelay", reconnectInitialDelay)
        .put("reconnectMaxDelay", reconnectMaxDelay)
        .put("pingInterval", pingInterval)
        .put("pongTimeout", pongTimeout)
        .put("requestTimeout", requestTimeout);
  }

  /**
   * @return whether the connection uses TLS
   */
  public boolean isSsl() {
    return ssl;
  }

  /**
   * @param ssl whether the connection uses TLS
   * @return a reference to this, so the API can be used fluently
   */
  public T setSsl(boolean ssl) {
    this.ssl = ssl;
    return self();
  }

  /**
   * @return whether every server certificate is trusted (tests only)
   */
  public boolean isTrustAll() {
    return trustAll;
  }

  /**
   * @param trustAll whether every server certificate is trusted; for tests only
   * @return a reference to this, so the API can be used fluently
   */
  public T setTrustAll(boolean trustAll) {
    this.trustAll = trustAll;
    return self();
  }

  /**
   * @return the PEM file of the certificates to trust, or null for the JVM's defaults
   */
  public String getPemTrustPath() {
    return pemTrustPath;
  }

  /**
   * @param pemTrustPath a PEM file of the certificates to trust (for a self-signed server), or null
   * @return a reference to this, so the API can be used fluently
   */
  public T setPemTrustPath(String pemTrustPath) {
    this.pemTrustPath = pemTrustPath;
    return self();
  }

  /**
   * @return whether the server certificate must name the host connected to
   */
  public boolean isVerifyHost() {
    return verifyHost;
  }

  /**
   * @param verifyHost whether the server certificate must name the host connected to (default true)
   * @return a reference to this, so the API can be used fluently
   */
  public T setVerifyHost(boolean verifyHost) {
    this.verifyHost = verifyHost;
    return self();
  }

  /**
   * @return the time one connection attempt may take, in milliseconds
   */
  public long getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * @param connectTimeout the time one connection attempt may take, in milliseconds, positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setConnectTimeout(long connectTimeout) {
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    return self();
  }

  /**
   * @return the first reconnection delay, in milliseconds
   */
  public long getReconnectInitialDelay() {
    return reconnectInitialDelay;
  }

  /**
   * @param delay the first reconnection delay in milliseconds, positive; it doubles with every
   *              failed attempt up to {@link #getReconnectMaxDelay()}, with random jitter
   * @return a reference to this, so the API can be used fluently
   */
  public T setReconnectInitialDelay(long delay) {
    this.reconnectInitialDelay = positive(delay, "reconnectInitialDelay");
    return self();
  }

  /**
   * @return the cap of the reconnection delay, in milliseconds
   */
  public long getReconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  /**
   * @param delay the cap of the reconnection delay in milliseconds, positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setReconnectMaxDelay(long delay) {
    this.reconnectMaxDelay = positive(delay, "reconnectMaxDelay");
    return self();
  }

  /**
   * @return the idle time after which the client pings, in milliseconds (0: never)
   */
  public long getPingInterval() {
    return pingInterval;
  }

  /**
   * @param pingInterval the idle time after which the client pings in milliseconds, 0 for never
   * @return a reference to this, so the API can be used fluently
   */
  public T setPingInterval(long pingInterval) {
    if (pingInterval < 0) {
      throw new IllegalArgumentException("pingInterval must be >= 0");
    }
    this.pingInterval = pingInterval;
    return self();
  }

  /**
   * @return the time the server may stay silent after a ping, in milliseconds
   */
  public long getPongTimeout() {
    return pongTimeout;
  }

  /**
   * @param pongTimeout the time the server may stay silent after a ping before the connection is
   *                    replaced, in milliseconds, positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setPongTimeout(long pongTimeout) {
    this.pongTimeout = positive(pongTimeout, "pongTimeout");
    return self();
  }

  /**
   * @return the time the server may take to answer a request, in milliseconds
   */
  public long getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * @param requestTimeout the time the server may take to answer a request in milliseconds,
   *                       positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setRequestTimeout(long requestTimeout) {
    this.requestTimeout = positive(requestTimeout, "requestTimeout");
    return self();
  }

  /** @return the value, when positive */
  static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
    return value;
  }
}
