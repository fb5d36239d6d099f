package dev.switchboard.core;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TCPSSLOptions;

import java.util.Objects;

/**
 * What the options of every Switchboard server share (the channel server's and the gateway's):
 * where it listens, TLS, the largest inbound message, the per-connection send buffer bound and its
 * overflow policy, the heartbeat timeout and the connection limits. JSON keys are the property names; durations are
 * milliseconds.
 *
 * <p>Not thread-safe: build the options on one thread, then hand them over.
 *
 * @param <T> the concrete options class, which the fluent setters return
 */
public abstract class ListenerOptions<T extends ListenerOptions<T>> {

  /** Default listen host: {@value} (exposing a port is an explicit choice). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default largest inbound message in bytes: {@value} (10 MiB). */
  public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

  /** Default send buffer bound per connection in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_SEND_BUFFER_SIZE = 1024 * 1024;

  /** Default handling of a message for a full send buffer: DROP (Workerman's). */
  public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP;

  /** Default most connections from one remote address: {@value} (no such limit). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 0;

  /**
   * The JSON keys read by {@link #readJson}, with their types: a subclass adds its own and checks
   * its JSON with them ({@link ConfigKeys#check}) before reading it.
   */
  protected static final ConfigKeys LISTENER_KEYS = ConfigKeys.of("listener")
      .strings("host", "pemKeyPath", "pemCertPath", "overflowPolicy")
      .ints("port", "maxPackageSize", "maxSendBufferSize", "maxConnections",
          "maxConnectionsPerAddress")
      .booleans("ssl").longs("heartbeatTimeout");

  private String host = DEFAULT_HOST;
  private int port;
  private boolean ssl;
  private String pemKeyPath;
  private String pemCertPath;
  private int maxPackageSize = DEFAULT_MAX_PACKAGE_SIZE;
  private int maxSendBufferSize = DEFAULT_MAX_SEND_BUFFER_SIZE;
  private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
  private long heartbeatTimeout;
  private int maxConnections;
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

  /**
   * @param defaultPort             the server's default port
   * @param defaultHeartbeatTimeout the server's default heartbeat timeout, ms
   * @param defaultMaxConnections   the server's default most connections at a time
   */
  protected ListenerOptions(int defaultPort, long defaultHeartbeatTimeout,
      int defaultMaxConnections) {
    this.port = defaultPort;
    this.heartbeatTimeout = defaultHeartbeatTimeout;
    this.maxConnections = defaultMaxConnections;
  }

  /** @return this, as the concrete options class */
  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  /**
   * Reads the shared keys; an absent key keeps the current value.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid
   */
  protected void readJson(JsonObject json) {
    setHost(json.getString("host", host));
    setPort(json.getInteger("port", port));
    setSsl(json.getBoolean("ssl", ssl));
    setPemKeyPath(json.getString("pemKeyPath", pemKeyPath));
    setPemCertPath(json.getString("pemCertPath", pemCertPath));
    setMaxPackageSize(json.getInteger("maxPackageSize", maxPackageSize));
    setMaxSendBufferSize(json.getInteger("maxSendBufferSize", maxSendBufferSize));
    String policy = json.getString("overflowPolicy", overflowPolicy.name());
    try {
      setOverflowPolicy(OverflowPolicy.valueOf(policy));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("overflowPolicy must be DROP or CLOSE, got '" + policy
          + "'");
    }
    setHeartbeatTimeout(json.getLong("heartbeatTimeout", heartbeatTimeout));
    setMaxConnections(json.getInteger("maxConnections", maxConnections));
    setMaxConnectionsPerAddress(json.getInteger("maxConnectionsPerAddress",
        maxConnectionsPerAddress));
  }

  /**
   * Writes the shared keys.
   *
   * @param json where to write them
   * @return json
   */
  protected JsonObject writeJson(JsonObject json) {
    json.put("host", host).put("port", port).put("ssl", ssl)
        .put("maxPackageSize", maxPackageSize).put("maxSendBufferSize", maxSendBufferSize)
        .put("overflowPolicy", overflowPolicy.name()).put("heartbeatTimeout", heartbeatTimeout)
        .put("maxConnections", maxConnections)
        .put("maxConnectionsPerAddress", maxConnectionsPerAddress);
    putIfSet(json, "pemKeyPath", pemKeyPath);
    putIfSet(json, "pemCertPath", pemCertPath);
    return json;
  }

  /**
   * @param json  where to write
   * @param key   the key
   * @param value the value, left out when null
   */
  protected static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /**
   * @param name  the option
   * @param value its value
   * @return the value
   * @throws IllegalArgumentException when it is negative
   */
  protected static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /**
   * @param name  the option
   * @param value its value
   * @return the value
   * @throws NullPointerException     when it is null
   * @throws IllegalArgumentException when it is blank
   */
  protected static String nonBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * @param name  the option
   * @param value its value
   * @param min   the smallest value allowed (0: any free port)
   * @return the value
   * @throws IllegalArgumentException when it is not a port from {@code min}
   */
  protected static int port(String name, int value, int min) {
    if (value < min || value > 65535) {
      throw new IllegalArgumentException(name + " must be " + min + "-65535, got " + value);
    }
    return value;
  }

  /**
   * Sets TLS on a Vert.x listener's options when {@link #isSsl()}.
   *
   * @param tcp the listener's options
   * @throws IllegalArgumentException when TLS is on without both PEM files
   */
  public void applyTls(TCPSSLOptions tcp) {
    if (!ssl) {
      return;
    }
    if (pemKeyPath == null || pemCertPath == null) {
      throw new IllegalArgumentException("ssl needs pemKeyPath and pemCertPath");
    }
    tcp.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setKeyPath(pemKeyPath)
        .setCertPath(pemCertPath));
  }

  /** @return the listen host */
  public String getHost() {
    return host;
  }

  /**
   * @param host the listen host ({@code 0.0.0.0} for every interface)
   * @return a reference to this, so the API can be used fluently
   */
  public T setHost(String host) {
    this.host = nonBlank("host", host);
    return self();
  }

  /** @return the listen port */
  public int getPort() {
    return port;
  }

  /**
   * @param port the listen port, 0 for any free port
   * @return a reference to this, so the API can be used fluently
   */
  public T setPort(int port) {
    this.port = port("port", port, 0);
    return self();
  }

  /** @return whether the server speaks TLS */
  public boolean isSsl() {
    return ssl;
  }

  /**
   * @param ssl whether the server speaks TLS (then {@code pemKeyPath} and {@code pemCertPath} are
   *            required)
   * @return a reference to this, so the API can be used fluently
   */
  public T setSsl(boolean ssl) {
    this.ssl = ssl;
    return self();
  }

  /** @return the PEM file of the TLS private key, or null */
  public String getPemKeyPath() {
    return pemKeyPath;
  }

  /**
   * @param pemKeyPath the PEM file of the TLS private key (PKCS#8 or PKCS#1)
   * @return a reference to this, so the API can be used fluently
   */
  public T setPemKeyPath(String pemKeyPath) {
    this.pemKeyPath = pemKeyPath;
    return self();
  }

  /** @return the PEM file of the TLS certificate chain, or null */
  public String getPemCertPath() {
    return pemCertPath;
  }

  /**
   * @param pemCertPath the PEM file of the TLS certificate chain
   * @return a reference to this, so the API can be used fluently
   */
  public T setPemCertPath(String pemCertPath) {
    this.pemCertPath = pemCertPath;
    return self();
  }

  /** @return the largest inbound message in bytes */
  public int getMaxPackageSize() {
    return maxPackageSize;
  }

  /**
   * @param maxPackageSize the largest inbound message in bytes (a frame counts its 4-byte header,
   *                       a line its newline), at least 5; a larger one closes the connection
   * @return a reference to this, so the API can be used fluently
   */
  public T setMaxPackageSize(int maxPackageSize) {
    if (maxPackageSize < 5) {
      throw new IllegalArgumentException("maxPackageSize must be >= 5, got " + maxPackageSize);
    }
    this.maxPackageSize = maxPackageSize;
    return self();
  }

  /** @return the send buffer bound of each connection, in bytes */
  public int getMaxSendBufferSize() {
    return maxSendBufferSize;
  }

  /**
   * @param maxSendBufferSize the send buffer bound of each connection in bytes, positive: the
   *                          server never holds more than this plus one message for one connection
   * @return a reference to this, so the API can be used fluently
   */
  public T setMaxSendBufferSize(int maxSendBufferSize) {
    if (maxSendBufferSize <= 0) {
      throw new IllegalArgumentException("maxSendBufferSize must be > 0, got " + maxSendBufferSize);
    }
    this.maxSendBufferSize = maxSendBufferSize;
    return self();
  }

  /** @return what happens to a message for a connection whose send buffer is full */
  public OverflowPolicy getOverflowPolicy() {
    return overflowPolicy;
  }

  /**
   * @param overflowPolicy DROP (drop the message and count it) or CLOSE (also disconnect the slow
   *                       connection, reason {@code slow})
   * @return a reference to this, so the API can be used fluently
   */
  public T setOverflowPolicy(OverflowPolicy overflowPolicy) {
    this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    return self();
  }

  /** @return the time a connection may stay silent before it is closed, in ms (0: never) */
  public long getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * @param heartbeatTimeout the time a connection may receive nothing before it is closed, in ms;
   *                         0 for never
   * @return a reference to this, so the API can be used fluently
   */
  public T setHeartbeatTimeout(long heartbeatTimeout) {
    this.heartbeatTimeout = nonNegative("heartbeatTimeout", heartbeatTimeout);
    return self();
  }

  /** @return the most connections open at a time */
  public int getMaxConnections() {
    return maxConnections;
  }

  /**
   * @param maxConnections the most connections open at a time on this listener (per verticle
   *                       instance where several instances share a port), positive; a
   *                       connection counts from its TCP accept, before any handshake, so
   *                       half-open ones count; one more is refused
   * @return a reference to this, so the API can be used fluently
   */
  public T setMaxConnections(int maxConnections) {
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("maxConnections must be > 0, got " + maxConnections);
    }
    this.maxConnections = maxConnections;
    return self();
  }

  /** @return the most connections from one remote address (0: no such limit) */
  public int getMaxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /**
   * @param maxConnectionsPerAddress the most connections open at a time from one remote IP
   *                                 address on this listener (per verticle instance), 0 for no
   *                                 such limit (clients behind one NAT or proxy share an
   *                                 address); one more is refused
   * @return a reference to this, so the API can be used fluently
   */
  public T setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
    this.maxConnectionsPerAddress = (int) nonNegative("maxConnectionsPerAddress",
        maxConnectionsPerAddress);
    return self();
  }
}
