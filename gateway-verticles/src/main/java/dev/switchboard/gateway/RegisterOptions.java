package dev.switchboard.gateway;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link RegisterVerticle}: GatewayWorker's Register (the directory that tells PHP
 * {@code BusinessWorker}s and {@code GatewayClient}s the gateways' inner addresses). JSON keys
 * (a verticle's {@code config()}) are the property names.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class RegisterOptions {

  /** Default host: {@value}, the loopback interface only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default port: {@value}, Workerman's Register port. */
  public static final int DEFAULT_PORT = 1236;

  /** Default secret key: none ({@value}), as in GatewayWorker: every worker is accepted. */
  public static final String DEFAULT_SECRET_KEY = "";

  /**
   * Default {@link #setPhpClientsFrom phpClientsFrom}: loopback only ({@code 127.0.0.0/8},
   * {@code ::1/128}).
   */
  public static final List<String> DEFAULT_PHP_CLIENTS_FROM = List.of("127.0.0.0/8", "::1/128");

  /** Default {@link #setMaxLineSize maxLineSize}: {@value} bytes, newline included. */
  public static final int DEFAULT_MAX_LINE_SIZE = 8 * 1024;

  /** Default {@link #setMaxConnections maxConnections}: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /**
   * Default {@link #setAuthTimeout authTimeout}: {@value} ms, the Register's own 10 s to send
   * {@code worker_connect}.
   */
  public static final long DEFAULT_AUTH_TIMEOUT = 10_000;

  /** Default {@link #setIdleTimeout idleTimeout}: {@value} (off), as in GatewayWorker. */
  public static final long DEFAULT_IDLE_TIMEOUT = 0;

  /** Default {@link #setRefreshInterval refreshInterval}: {@value} ms. */
  public static final long DEFAULT_REFRESH_INTERVAL = 1_000;

  private static final ConfigKeys KEYS = ConfigKeys.of("register").strings("host", "secretKey")
      .ints("port", "maxLineSize", "maxConnections")
      .longs("authTimeout", "idleTimeout", "refreshInterval")
      .add(ConfigKeys.Type.STRINGS, "phpClientsFrom");

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String secretKey = DEFAULT_SECRET_KEY;
  private List<String> phpClientsFrom = DEFAULT_PHP_CLIENTS_FROM;
  private int maxLineSize = DEFAULT_MAX_LINE_SIZE;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;
  private long idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private long refreshInterval = DEFAULT_REFRESH_INTERVAL;

  /** Options with every default. */
  public RegisterOptions() {
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false})
   */
  public RegisterOptions(JsonObject json) {
    json = KEYS.check(json);
    try {
      setHost(json.getString("host", DEFAULT_HOST));
      setPort(json.getInteger("port", DEFAULT_PORT));
      setSecretKey(json.getString("secretKey", DEFAULT_SECRET_KEY));
      JsonArray from = json.getJsonArray("phpClientsFrom");
      if (from != null) {
        List<String> entries = new ArrayList<>();
        from.forEach(entry -> entries.add((String) entry));
        setPhpClientsFrom(entries);
      }
      setMaxLineSize(json.getInteger("maxLineSize", DEFAULT_MAX_LINE_SIZE));
      setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
      setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
      setIdleTimeout(json.getLong("idleTimeout", DEFAULT_IDLE_TIMEOUT));
      setRefreshInterval(json.getLong("refreshInterval", DEFAULT_REFRESH_INTERVAL));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("register option of the wrong JSON type: "
          + e.getMessage(), e);
    }
  }

  /**
   * @return these options as JSON, readable by {@link #RegisterOptions(JsonObject)}; the secret
   *     key is included (keep it out of logs)
   */
  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("secretKey", secretKey)
        .put("phpClientsFrom", new JsonArray(new ArrayList<>(phpClientsFrom)))
        .put("maxLineSize", maxLineSize).put("maxConnections", maxConnections)
        .put("authTimeout", authTimeout).put("idleTimeout", idleTimeout)
        .put("refreshInterval", refreshInterval);
  }

  /** @return the host the Register listens on */
  public String getHost() {
    return host;
  }

  /**
   * @param host the host to listen on (default {@value #DEFAULT_HOST})
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setHost(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  /** @return the port */
  public int getPort() {
    return port;
  }

  /**
   * @param port the port (default {@value #DEFAULT_PORT}; 0: any free port)
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the secret key, empty when none */
  public String getSecretKey() {
    return secretKey;
  }

  /**
   * @param secretKey GatewayWorker's {@code secretKey}: when not empty, a {@code worker_connect}
   *                  must carry it as {@code secret_key} (default empty: not checked)
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setSecretKey(String secretKey) {
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    return this;
  }

  /** @return who may connect: addresses and CIDR blocks */
  public List<String> getPhpClientsFrom() {
    return phpClientsFrom;
  }

  /**
   * @param phpClientsFrom who may connect with the PHP protocol, which cannot authenticate
   *                       beyond the shared secret key: IPv4/IPv6 addresses and CIDR blocks
   *                       (default loopback only); a connection from elsewhere is closed at once;
   *                       an entry that is not an address or CIDR block fails the verticle's
   *                       start, named
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setPhpClientsFrom(List<String> phpClientsFrom) {
    Objects.requireNonNull(phpClientsFrom, "phpClientsFrom");
    this.phpClientsFrom = List.copyOf(phpClientsFrom);
    return this;
  }

  /** @return the longest line accepted, newline included */
  public int getMaxLineSize() {
    return maxLineSize;
  }

  /**
   * @param maxLineSize the longest request line accepted, newline included (default
   *                    {@value #DEFAULT_MAX_LINE_SIZE}); a longer one closes the connection
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setMaxLineSize(int maxLineSize) {
    if (maxLineSize < 64) {
      throw new IllegalArgumentException("maxLineSize must be at least 64, got " + maxLineSize);
    }
    this.maxLineSize = maxLineSize;
    return this;
  }

  /** @return the most connections at once */
  public int getMaxConnections() {
    return maxConnections;
  }

  /**
   * @param maxConnections the most connections at once (default
   *                       {@value #DEFAULT_MAX_CONNECTIONS}); one more is closed at once
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setMaxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got "
          + maxConnections);
    }
    this.maxConnections = maxConnections;
    return this;
  }

  /** @return ms a new connection has to send {@code worker_connect} */
  public long getAuthTimeout() {
    return authTimeout;
  }

  /**
   * @param authTimeout ms a new connection has to send an accepted {@code worker_connect}
   *                    (default {@value #DEFAULT_AUTH_TIMEOUT}); then it is closed
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setAuthTimeout(long authTimeout) {
    if (authTimeout < 1) {
      throw new IllegalArgumentException("authTimeout must be at least 1 ms, got "
          + authTimeout);
    }
    this.authTimeout = authTimeout;
    return this;
  }

  /** @return ms a registered worker may stay silent, 0 for ever */
  public long getIdleTimeout() {
    return idleTimeout;
  }

  /**
   * @param idleTimeout ms a registered worker may send nothing before it is closed (default
   *                    {@value #DEFAULT_IDLE_TIMEOUT}: never, since a worker on 127.0.0.1 never
   *                    pings; workers elsewhere ping every 25 s, so 60000 suits them)
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setIdleTimeout(long idleTimeout) {
    if (idleTimeout < 0) {
      throw new IllegalArgumentException("idleTimeout must be 0 or more, got " + idleTimeout);
    }
    this.idleTimeout = idleTimeout;
    return this;
  }

  /** @return ms between two reads of the cluster's gateway addresses */
  public long getRefreshInterval() {
    return refreshInterval;
  }

  /**
   * @param refreshInterval ms between two reads of the cluster's gateway addresses (default
   *                        {@value #DEFAULT_REFRESH_INTERVAL}); a node that starts its inner
   *                        listener also tells every Register at once
   * @return a reference to this, so the API can be used fluently
   */
  public RegisterOptions setRefreshInterval(long refreshInterval) {
    if (refreshInterval < 10) {
      throw new IllegalArgumentException("refreshInterval must be at least 10 ms, got "
          + refreshInterval);
    }
    this.refreshInterval = refreshInterval;
    return this;
  }
}
