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

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private String business = DEFAULT_BUSINESS;
  private String handler;
  private MetricsOptions metrics = new MetricsOptions();

  /** The JSON keys of {@link #BusinessOptions(JsonObject)}, with their types. */
  private static final ConfigKeys KEYS = ConfigKeys.of("business").strings("business", "handler")
      .objects("metrics");

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
        .put("metrics", metrics.toJson());
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

  static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }
}
