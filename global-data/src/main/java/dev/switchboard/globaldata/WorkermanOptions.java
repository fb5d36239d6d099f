package dev.switchboard.globaldata;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.globaldata.impl.PhpClientsFrom;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The listener of a {@link GlobalDataVerticle} that speaks Workerman GlobalData's protocol (frame
 * plus PHP {@code serialize()}), so that PHP code using {@code GlobalData\Client} reads and writes
 * the same variables as {@link GlobalData} (docs/global-data.md, "Workerman's GlobalData
 * protocol"). Off by default. JSON keys are the property names and sit at the top level of the
 * verticle's config, beside {@link GlobalDataOptions}' own: {@code workermanPort}, {@code
 * workermanHost}, {@code phpClientsFrom}, {@code workermanMaxFrameSize}, {@code
 * workermanMaxConnections}, {@code workermanIdleTimeout}; durations are milliseconds.
 *
 * <p>Who may use it: the PHP protocol has no authentication, so only the source addresses of
 * {@code phpClientsFrom} (loopback by default) are served; every other connection is closed at
 * once and counted.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class WorkermanOptions {

  /** Port value of a listener that is off: {@value}. */
  public static final int OFF = -1;

  /** Default port: {@value} (off). Workerman's GlobalData server listens on 2207. */
  public static final int DEFAULT_WORKERMAN_PORT = OFF;

  /** Default listen host: {@value} (exposing the port is an explicit choice). */
  public static final String DEFAULT_WORKERMAN_HOST = "127.0.0.1";

  /** Default addresses that may connect: loopback only ({@code 127.0.0.0/8}, {@code ::1/128}). */
  public static final List<String> DEFAULT_PHP_CLIENTS_FROM = List.of("127.0.0.0/8", "::1/128");

  /** Default largest request frame, header included, in bytes: {@value} (4 MiB). */
  public static final int DEFAULT_WORKERMAN_MAX_FRAME_SIZE = 4 * 1024 * 1024;

  /** Default most connections at a time: {@value}. */
  public static final int DEFAULT_WORKERMAN_MAX_CONNECTIONS = 1_000;

  /**
   * Default time a connection may stay silent before it is closed, in milliseconds: {@value}
   * (2 min). The PHP client pings every 25 s under Workerman, and re-connects by itself before its
   * next call when it finds the connection closed.
   */
  public static final long DEFAULT_WORKERMAN_IDLE_TIMEOUT = 120_000;

  /** The JSON keys, with their types. */
  static final ConfigKeys KEYS = ConfigKeys.of("GlobalData Workerman listener")
      .ints("workermanPort", "workermanMaxFrameSize", "workermanMaxConnections")
      .strings("workermanHost").stringArrays("phpClientsFrom").longs("workermanIdleTimeout");

  private int port = DEFAULT_WORKERMAN_PORT;
  private String host = DEFAULT_WORKERMAN_HOST;
  private List<String> phpClientsFrom = DEFAULT_PHP_CLIENTS_FROM;
  private int maxFrameSize = DEFAULT_WORKERMAN_MAX_FRAME_SIZE;
  private int maxConnections = DEFAULT_WORKERMAN_MAX_CONNECTIONS;
  private long idleTimeout = DEFAULT_WORKERMAN_IDLE_TIMEOUT;

  /** Options with every default (the listener off). */
  public WorkermanOptions() {
  }

  /**
   * @param other the options to copy
   */
  public WorkermanOptions(WorkermanOptions other) {
    this.port = other.port;
    this.host = other.host;
    this.phpClientsFrom = other.phpClientsFrom;
    this.maxFrameSize = other.maxFrameSize;
    this.maxConnections = other.maxConnections;
    this.idleTimeout = other.idleTimeout;
  }

  /**
   * Reads the listener's keys from a verticle's config (where {@link GlobalDataOptions} reads its
   * own); absent keys keep their defaults, other keys are left to {@link GlobalDataOptions}.
   *
   * @param json the verticle's config
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type
   */
  public WorkermanOptions(JsonObject json) {
    JsonObject own = new JsonObject();
    KEYS.names().forEach(key -> own.put(key, json.getValue(key)));
    KEYS.check(own);
    setWorkermanPort(json.getInteger("workermanPort", DEFAULT_WORKERMAN_PORT));
    setWorkermanHost(json.getString("workermanHost", DEFAULT_WORKERMAN_HOST));
    JsonArray from = json.getJsonArray("phpClientsFrom");
    if (from != null) {
      List<String> entries = new ArrayList<>();
      from.forEach(entry -> entries.add(String.valueOf(entry)));
      setPhpClientsFrom(entries);
    }
    setWorkermanMaxFrameSize(json.getInteger("workermanMaxFrameSize",
        DEFAULT_WORKERMAN_MAX_FRAME_SIZE));
    setWorkermanMaxConnections(json.getInteger("workermanMaxConnections",
        DEFAULT_WORKERMAN_MAX_CONNECTIONS));
    setWorkermanIdleTimeout(json.getLong("workermanIdleTimeout", DEFAULT_WORKERMAN_IDLE_TIMEOUT));
  }

  /**
   * @return these options as JSON, readable by {@link #WorkermanOptions(JsonObject)} (the keys
   *     sit beside {@link GlobalDataOptions#toJson()}'s in a verticle's config)
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("workermanPort", port)
        .put("workermanHost", host)
        .put("phpClientsFrom", new JsonArray(new ArrayList<>(phpClientsFrom)))
        .put("workermanMaxFrameSize", maxFrameSize)
        .put("workermanMaxConnections", maxConnections)
        .put("workermanIdleTimeout", idleTimeout);
  }

  /** @return the port, {@link #OFF} when there is no listener, 0 for any free port */
  public int getWorkermanPort() {
    return port;
  }

  /**
   * @param port the port to listen on: {@link #OFF} (the default) for no listener, 0 for any
   *             free port, or 1 to 65535 (Workerman's is 2207)
   * @return a reference to this, so the API can be used fluently
   */
  public WorkermanOptions setWorkermanPort(int port) {
    if (port != OFF && (port < 0 || port > 65_535)) {
      throw new IllegalArgumentException("workermanPort must be -1 (off) or 0 to 65535");
    }
    this.port = port;
    return this;
  }

  /** @return the host to listen on */
  public String getWorkermanHost() {
    return host;
  }

  /**
   * @param host the host to listen on, not blank ({@value #DEFAULT_WORKERMAN_HOST} by default)
   * @return a reference to this, so the API can be used fluently
   */
  public WorkermanOptions setWorkermanHost(String host) {
    Objects.requireNonNull(host, "workermanHost");
    if (host.isBlank()) {
      throw new IllegalArgumentException("workermanHost must not be blank");
    }
    this.host = host;
    return this;
  }

  /** @return the addresses that may connect */
  public List<String> getPhpClientsFrom() {
    return phpClientsFrom;
  }

  /**
   * Who may connect with the PHP protocol, which cannot authenticate.
   *
   * @param entries IPv4 or IPv6 addresses or CIDR blocks ({@code 10.0.0.0/8}); empty admits none
   * @return a reference to this, so the API can be used fluently
   * @throws IllegalArgumentException naming an entry that is not an address or block
   */
  public WorkermanOptions setPhpClientsFrom(List<String> entries) {
    Objects.requireNonNull(entries, "phpClientsFrom");
    PhpClientsFrom.check(entries);
    this.phpClientsFrom = List.copyOf(entries);
    return this;
  }

  /** @return the largest request frame in bytes, header included */
  public int getWorkermanMaxFrameSize() {
    return maxFrameSize;
  }

  /**
   * @param maxFrameSize the largest request frame in bytes, header included, at least 64; a
   *                     larger one closes the connection without an answer (as Workerman does)
   * @return a reference to this, so the API can be used fluently
   */
  public WorkermanOptions setWorkermanMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize < 64) {
      throw new IllegalArgumentException("workermanMaxFrameSize must be >= 64");
    }
    this.maxFrameSize = maxFrameSize;
    return this;
  }

  /** @return the most connections at a time */
  public int getWorkermanMaxConnections() {
    return maxConnections;
  }

  /**
   * @param maxConnections the most connections at a time, positive; one more is closed at once
   * @return a reference to this, so the API can be used fluently
   */
  public WorkermanOptions setWorkermanMaxConnections(int maxConnections) {
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("workermanMaxConnections must be > 0");
    }
    this.maxConnections = maxConnections;
    return this;
  }

  /** @return how long a connection may stay silent, in milliseconds; 0 for ever */
  public long getWorkermanIdleTimeout() {
    return idleTimeout;
  }

  /**
   * @param idleTimeout how long a connection may stay silent before it is closed, in
   *                    milliseconds, 0 for ever (not advised: a client that vanished without a
   *                    reset holds its connection until the limit is reached)
   * @return a reference to this, so the API can be used fluently
   */
  public WorkermanOptions setWorkermanIdleTimeout(long idleTimeout) {
    if (idleTimeout < 0) {
      throw new IllegalArgumentException("workermanIdleTimeout must be >= 0");
    }
    this.idleTimeout = idleTimeout;
    return this;
  }
}
