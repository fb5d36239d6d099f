package dev.switchboard.core;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Where a node's metrics are served (Prometheus's text format, {@code GET /metrics}) and whether
 * there are any: the off switch, the public HTTP port of a gateway, and a listener of their own
 * for operators (any node: a gateway, a channel server, a data node, a business node). JSON keys
 * are the property names; a server's options hold these under the key {@code metrics}.
 *
 * <p>Who may read them: whoever reaches a listener serving them. The meters hold counts, sizes and
 * latencies, never a client id, uid, group, channel or key; but they tell the JVM's and Vert.x's
 * state, so they are not served on a gateway's public port unless {@link #setPublicPort(boolean)
 * publicPort} says so, and the metrics listener binds to {@link #DEFAULT_HOST} unless told
 * otherwise.
 *
 * <p>Not thread-safe: build the options on one thread, then hand them over.
 */
public class MetricsOptions {

  /** Default of the off switch: {@value} (metrics on). */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * Default of serving {@code GET /metrics} on a gateway's public HTTP port: {@value} (operators
   * read them on the status listener or the metrics listener, both internal).
   */
  public static final boolean DEFAULT_PUBLIC_PORT = false;

  /** Port value of a metrics listener that is off: {@value}. */
  public static final int OFF = -1;

  /** Default port of the metrics listener: {@value} (off). */
  public static final int DEFAULT_PORT = OFF;

  /** Default host of the metrics listener: {@value} (reachable from this host only). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The JSON keys, with their types (checked first; the values are then checked here). */
  private static final ConfigKeys KEYS = ConfigKeys.of("metrics").booleans("enabled", "publicPort")
      .ints("port").strings("host");

  private boolean enabled = DEFAULT_ENABLED;
  private boolean publicPort = DEFAULT_PUBLIC_PORT;
  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;

  /** Options with every default. */
  public MetricsOptions() {
  }

  /**
   * @param other the options to copy
   */
  public MetricsOptions(MetricsOptions other) {
    this.enabled = other.enabled;
    this.publicPort = other.publicPort;
    this.port = other.port;
    this.host = other.host;
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is of the wrong type or invalid, naming its key
   *     ({@code metrics.port must be a number, got "abc"})
   */
  public MetricsOptions(JsonObject json) {
    setEnabled(value(json, "enabled", Boolean.class, "a boolean", DEFAULT_ENABLED));
    setPublicPort(value(json, "publicPort", Boolean.class, "a boolean", DEFAULT_PUBLIC_PORT));
    Number number = value(json, "port", Number.class, "a number", DEFAULT_PORT);
    if (number.longValue() != number.doubleValue() || number.longValue() != number.intValue()) {
      throw badPort(number); // a fraction, or beyond an int
    }
    setPort(number.intValue());
    setHost(value(json, "host", String.class, "a string", DEFAULT_HOST));
    try {
      KEYS.check(json); // unknown keys; the types were checked above, naming their key
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("in \"metrics\": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code metrics} key of a server's options.
   *
   * @param config the server's options as JSON
   * @return the metrics options there, or the defaults when absent
   * @throws IllegalArgumentException when {@code metrics} is not a JSON object or holds a bad
   *     value
   */
  public static MetricsOptions of(JsonObject config) {
    Object metrics = config.getValue("metrics");
    if (metrics == null) {
      return new MetricsOptions();
    }
    if (!(metrics instanceof JsonObject json)) {
      throw new IllegalArgumentException("metrics must be a JSON object, got " + quoted(metrics));
    }
    if (Boolean.FALSE.equals(config.getValue("strict")) && !json.containsKey("strict")) {
      json = json.copy().put("strict", false); // the server's options are lenient: these too
    }
    return new MetricsOptions(json);
  }

  private static <V> V value(JsonObject json, String key, Class<V> type, String what, V absent) {
    Object value = json.getValue(key);
    if (value == null) {
      return absent;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("metrics." + key + " must be " + what + ", got "
          + quoted(value));
    }
    return type.cast(value);
  }

  private static String quoted(Object value) {
    return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
  }

  /**
   * @return these options as JSON, readable by {@link #MetricsOptions(JsonObject)}
   */
  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("publicPort", publicPort)
        .put("port", port).put("host", host);
  }

  /** @return whether the node has metrics (false: no meters registered, {@code /metrics} 404) */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * @param enabled whether the node has metrics; false registers no meters and answers 404 to
   *                {@code GET /metrics}
   * @return a reference to this, so the API can be used fluently
   */
  public MetricsOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** @return whether a gateway also serves {@code GET /metrics} on its public HTTP port */
  public boolean isPublicPort() {
    return publicPort;
  }

  /**
   * @param publicPort whether a gateway also serves {@code GET /metrics} on its public HTTP port
   *                   (the one clients reach); the status listener serves it either way
   * @return a reference to this, so the API can be used fluently
   */
  public MetricsOptions setPublicPort(boolean publicPort) {
    this.publicPort = publicPort;
    return this;
  }

  /** @return the metrics listener's port, or {@link #OFF} */
  public int getPort() {
    return port;
  }

  /**
   * @param port the metrics listener's port (HTTP, {@code GET /metrics} only), 0 for any free
   *             port, {@link #OFF} for none
   * @return a reference to this, so the API can be used fluently
   */
  public MetricsOptions setPort(int port) {
    if (port < OFF || port > 65535) {
      throw badPort(port);
    }
    this.port = port;
    return this;
  }

  private static IllegalArgumentException badPort(Number port) {
    return new IllegalArgumentException("metrics.port must be -1 (off), 0 (any free port) or "
        + "1-65535, got " + port);
  }

  /** @return the metrics listener's host */
  public String getHost() {
    return host;
  }

  /**
   * @param host the metrics listener's host ({@code 0.0.0.0} for every interface)
   * @return a reference to this, so the API can be used fluently
   */
  public MetricsOptions setHost(String host) {
    Objects.requireNonNull(host, "metrics.host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("metrics.host must not be blank");
    }
    this.host = host;
    return this;
  }
}
