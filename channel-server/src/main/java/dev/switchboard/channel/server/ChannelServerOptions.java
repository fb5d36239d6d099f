package dev.switchboard.channel.server;

import dev.switchboard.channel.OverflowPolicy;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Options of a {@link ChannelServer}: where it listens, security, limits and the per-subscriber
 * send buffer. JSON keys (a verticle's {@code config()}) are the property names; durations are
 * milliseconds.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class ChannelServerOptions {

  /** Default listen host: {@value} (exposing the port is an explicit choice). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default listen port: {@value} (Workerman Channel's port). */
  public static final int DEFAULT_PORT = 2206;

  /** Default time a connection has to authenticate when a token is set, in ms: {@value}. */
  public static final long DEFAULT_AUTH_TIMEOUT = 10_000;

  /** Default largest inbound frame in bytes, header included: {@value} (10 MiB). */
  public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

  /** Default maximum of channels one connection may subscribe to, or name in one request: {@value}. */
  public static final int DEFAULT_MAX_CHANNELS = 1_000;

  /** Default maximum channel name length in characters: {@value}. */
  public static final int DEFAULT_MAX_CHANNEL_NAME_LENGTH = 256;

  /** Default send buffer bound per subscriber in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_SEND_BUFFER_SIZE = 1024 * 1024;

  /** Default handling of an event for a subscriber whose send buffer is full: DROP. */
  public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP;

  /**
   * Default time a connection may stay silent before it is closed, in ms: {@value} (clients ping
   * every 25 s by default; 0 turns the check off).
   */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT = 120_000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String token;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;
  private boolean ssl;
  private String pemKeyPath;
  private String pemCertPath;
  private int maxPackageSize = DEFAULT_MAX_PACKAGE_SIZE;
  private int maxChannels = DEFAULT_MAX_CHANNELS;
  private int maxChannelNameLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH;
  private int maxSendBufferSize = DEFAULT_MAX_SEND_BUFFER_SIZE;
  private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
  private long heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;

  /** Options with every default. */
  public ChannelServerOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ChannelServerOptions(ChannelServerOptions other) {
    this(other.toJson());
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid
   */
  public ChannelServerOptions(JsonObject json) {
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    setToken(json.getString("token"));
    setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
    setSsl(json.getBoolean("ssl", false));
    setPemKeyPath(json.getString("pemKeyPath"));
    setPemCertPath(json.getString("pemCertPath"));
    setMaxPackageSize(json.getInteger("maxPackageSize", DEFAULT_MAX_PACKAGE_SIZE));
    setMaxChannels(json.getInteger("maxChannels", DEFAULT_MAX_CHANNELS));
    setMaxChannelNameLength(json.getInteger("maxChannelNameLength",
        DEFAULT_MAX_CHANNEL_NAME_LENGTH));
    setMaxSendBufferSize(json.getInteger("maxSendBufferSize", DEFAULT_MAX_SEND_BUFFER_SIZE));
    String policy = json.getString("overflowPolicy", DEFAULT_OVERFLOW_POLICY.name());
    try {
      setOverflowPolicy(OverflowPolicy.valueOf(policy));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("overflowPolicy must be DROP or CLOSE, got '" + policy
          + "'");
    }
    setHeartbeatTimeout(json.getLong("heartbeatTimeout", DEFAULT_HEARTBEAT_TIMEOUT));
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelServerOptions(JsonObject)}; the
   *     token is included, so do not log it
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("host", host)
        .put("port", port)
        .put("authTimeout", authTimeout)
        .put("ssl", ssl)
        .put("maxPackageSize", maxPackageSize)
        .put("maxChannels", maxChannels)
        .put("maxChannelNameLength", maxChannelNameLength)
        .put("maxSendBufferSize", maxSendBufferSize)
        .put("overflowPolicy", overflowPolicy.name())
        .put("heartbeatTimeout", heartbeatTimeout);
    if (token != null) {
      json.put("token", token);
    }
    if (pemKeyPath != null) {
      json.put("pemKeyPath", pemKeyPath);
    }
    if (pemCertPath != null) {
      json.put("pemCertPath", pemCertPath);
    }
    return json;
  }

  /**
   * @return the listen host
   */
  public String getHost() {
    return host;
  }

  /**
   * @param host the listen host ({@code 0.0.0.0} for every interface)
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    this.host = host;
    return this;
  }

  /**
   * @return the listen port
   */
  public int getPort() {
    return port;
  }

  /**
   * @param port the listen port, 0 for any free port
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    this.port = port;
    return this;
  }

  /**
   * @return the shared-secret token clients must present, or null when none is required
   */
  public String getToken() {
    return token;
  }

  /**
   * @param token the shared-secret token clients must present first ({@code auth}), or null for
   *              none; compared in constant time
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setToken(String token) {
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty (null for none)");
    }
    this.token = token;
    return this;
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
  public ChannelServerOptions setAuthTimeout(long authTimeout) {
    if (authTimeout <= 0) {
      throw new IllegalArgumentException("authTimeout must be > 0");
    }
    this.authTimeout = authTimeout;
    return this;
  }

  /**
   * @return whether the server speaks TLS
   */
  public boolean isSsl() {
    return ssl;
  }

  /**
   * @param ssl whether the server speaks TLS (then {@code pemKeyPath} and {@code pemCertPath} are
   *            required)
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setSsl(boolean ssl) {
    this.ssl = ssl;
    return this;
  }

  /**
   * @return the PEM file of the TLS private key, or null
   */
  public String getPemKeyPath() {
    return pemKeyPath;
  }

  /**
   * @param pemKeyPath the PEM file of the TLS private key (PKCS#8 or PKCS#1)
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setPemKeyPath(String pemKeyPath) {
    this.pemKeyPath = pemKeyPath;
    return this;
  }

  /**
   * @return the PEM file of the TLS certificate chain, or null
   */
  public String getPemCertPath() {
    return pemCertPath;
  }

  /**
   * @param pemCertPath the PEM file of the TLS certificate chain
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setPemCertPath(String pemCertPath) {
    this.pemCertPath = pemCertPath;
    return this;
  }

  /**
   * @return the largest inbound frame in bytes
   */
  public int getMaxPackageSize() {
    return maxPackageSize;
  }

  /**
   * @param maxPackageSize the largest inbound frame in bytes, header included, at least 5; a larger
   *                       frame closes the connection
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxPackageSize(int maxPackageSize) {
    if (maxPackageSize < 5) {
      throw new IllegalArgumentException("maxPackageSize must be >= 5");
    }
    this.maxPackageSize = maxPackageSize;
    return this;
  }

  /**
   * @return the maximum of channels per connection and per request
   */
  public int getMaxChannels() {
    return maxChannels;
  }

  /**
   * @param maxChannels the maximum of channels one connection may subscribe to, and may name in one
   *                    request, positive
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxChannels(int maxChannels) {
    if (maxChannels <= 0) {
      throw new IllegalArgumentException("maxChannels must be > 0");
    }
    this.maxChannels = maxChannels;
    return this;
  }

  /**
   * @return the maximum channel name length in characters
   */
  public int getMaxChannelNameLength() {
    return maxChannelNameLength;
  }

  /**
   * @param maxChannelNameLength the maximum channel name length in characters, 1-65535
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxChannelNameLength(int maxChannelNameLength) {
    if (maxChannelNameLength <= 0 || maxChannelNameLength > 65535) {
      throw new IllegalArgumentException("maxChannelNameLength must be 1-65535");
    }
    this.maxChannelNameLength = maxChannelNameLength;
    return this;
  }

  /**
   * @return the send buffer bound per subscriber, in bytes
   */
  public int getMaxSendBufferSize() {
    return maxSendBufferSize;
  }

  /**
   * @param maxSendBufferSize the send buffer bound per subscriber in bytes, positive: the server
   *                          never holds more than this plus one event for one subscriber
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxSendBufferSize(int maxSendBufferSize) {
    if (maxSendBufferSize <= 0) {
      throw new IllegalArgumentException("maxSendBufferSize must be > 0");
    }
    this.maxSendBufferSize = maxSendBufferSize;
    return this;
  }

  /**
   * @return what happens to an event for a subscriber whose send buffer is full
   */
  public OverflowPolicy getOverflowPolicy() {
    return overflowPolicy;
  }

  /**
   * @param overflowPolicy DROP (drop and count) or CLOSE (disconnect the slow subscriber)
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setOverflowPolicy(OverflowPolicy overflowPolicy) {
    this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    return this;
  }

  /**
   * @return the time a connection may stay silent before it is closed, in milliseconds (0: off)
   */
  public long getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * @param heartbeatTimeout the time a connection may stay silent (no frame, not even a ping)
   *                         before it is closed, in milliseconds, 0 for never
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setHeartbeatTimeout(long heartbeatTimeout) {
    if (heartbeatTimeout < 0) {
      throw new IllegalArgumentException("heartbeatTimeout must be >= 0");
    }
    this.heartbeatTimeout = heartbeatTimeout;
    return this;
  }
}
