package dev.switchboard.gateway;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.core.MetricsOptions;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of a {@link BusinessVerticle}: which business it serves and its handler. JSON keys (a
 * verticle's {@code config()}) are the property names.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class BusinessOptions {

  /** Default business name: {@value}. */
  public static final String DEFAULT_BUSINESS = "default";

  /**
   * Default {@link #setStopDrainTimeout stopDrainTimeout}: {@value} ms.
   */
  public static final long DEFAULT_STOP_DRAIN_TIMEOUT = 5_000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private String business = DEFAULT_BUSINESS;
  private String handler;
  private MetricsOptions metrics = new MetricsOptions();
  private long stopDrainTimeout = DEFAULT_STOP_DRAIN_TIMEOUT;

  /** The JSON keys of {@link #BusinessOptions(JsonObject)}, with their types. */
  private static final ConfigKeys KEYS = ConfigKeys.of("business").strings("business", "handler")
      .longs("stopDrainTimeout").objects("metrics");

  /** Options with every default. */
  public BusinessOptions() {
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false}: then it is logged at WARN and
   *     ignored)
   */
  public BusinessOptions(JsonObject json) {
    json = KEYS.check(json);
    try {
      setBusiness(json.getString("business", DEFAULT_BUSINESS));
      setHandler(json.getString("handler"));
      setMetrics(MetricsOptions.of(json));
      setStopDrainTimeout(json.getLong("stopDrainTimeout", DEFAULT_STOP_DRAIN_TIMEOUT));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("business option of the wrong JSON type: "
          + e.getMessage(), e);
    }
  }

  /**
   * @return these options as JSON, readable by {@link #BusinessOptions(JsonObject)}
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("business", business)
        .put("metrics", metrics.toJson())
        .put("stopDrainTimeout", stopDrainTimeout);
    if (handler != null) {
      json.put("handler", handler);
    }
    return json;
  }

  /** @return the business name */
  public String getBusiness() {
    return business;
  }

  /**
   * @param business the name shared by the gateways that forward to this business
   *                 ({@link GatewayOptions#setBusiness}) and its verticles: letters, digits,
   *                 {@code .}, {@code -}, {@code _}
   * @return a reference to this, so the API can be used fluently
   */
  public BusinessOptions setBusiness(String business) {
    Objects.requireNonNull(business, "business");
    if (!validName(business)) {
      throw new IllegalArgumentException("business must be letters, digits, '.', '-' or '_', got '"
          + business + "'");
    }
    this.business = business;
    return this;
  }

  /** @return the class name of the {@link BusinessHandler}, or null */
  public String getHandler() {
    return handler;
  }

  /**
   * @param handler the class name of a {@link BusinessHandler} with a public no-argument
   *                constructor (used when the verticle is deployed by name)
   * @return a reference to this, so the API can be used fluently
   */
  public BusinessOptions setHandler(String handler) {
    this.handler = handler;
    return this;
  }

  /** @return the metrics options (a live reference: change it before the verticle starts) */
  public MetricsOptions getMetrics() {
    return metrics;
  }

  /**
   * Metrics ({@code GET /metrics}, Prometheus's text format): on by default; {@code
   * metrics.enabled} false registers none of the business node's meters; served on a listener of their own
   * when {@code metrics.port} is set (see docs/operations.md). {@code metrics.publicPort} is
   * for gateways and ignored here.
   *
   * @param metrics the metrics options (JSON key {@code metrics})
   * @return a reference to this, so the API can be used fluently
   */
  public BusinessOptions setMetrics(MetricsOptions metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** @return the longest a stopping node drains its business, in ms */
  public long getStopDrainTimeout() {
    return stopDrainTimeout;
  }

  /**
   * How long, at most, a node whose Vert.x closes (a JVM stopped by SIGTERM) keeps its entry
   * point of the business up after it stopped taking events: events it already took are answered,
   * and events still sent to it meanwhile are refused so that the gateways hand them to another
   * node at once, until no event has come for a quiet moment (then it leaves the cluster). The
   * first instance started on a node sets it for the node. 0: no drain (events on their way to
   * the node when it leaves time out at the gateway, after its {@code businessTimeout}).
   *
   * @param stopDrainTimeout the bound in ms, 0 or more
   * @return a reference to this, so the API can be used fluently
   */
  public BusinessOptions setStopDrainTimeout(long stopDrainTimeout) {
    if (stopDrainTimeout < 0) {
      throw new IllegalArgumentException("stopDrainTimeout must be 0 or more, got "
          + stopDrainTimeout);
    }
    this.stopDrainTimeout = stopDrainTimeout;
    return this;
  }

  static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }
}
