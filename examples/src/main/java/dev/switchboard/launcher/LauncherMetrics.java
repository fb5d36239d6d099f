package dev.switchboard.launcher;

import dev.switchboard.core.internal.VertxMetrics;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Vert.x's own metrics for the nodes a launcher starts ({@code bin/vertx}): the launcher calls
 * {@link #configure} on the Vert.x options before it makes the instance (its
 * {@code beforeStartingVertx}), and the instance then has vertx-micrometer-metrics with its
 * Prometheus backend, the registry {@code GET /metrics} renders ({@code vertx_*} meters next to
 * the {@code switchboard_*} ones: event loops and worker pools, event bus, net and HTTP servers).
 *
 * <p>On by default. Off with the system property {@value #PROPERTY}{@code =false} (e.g. {@code
 * JAVA_OPTS=-Dswitchboard.vertx.metrics=false bin/vertx ...}) or the environment variable
 * {@value #VARIABLE}{@code =false}; the property wins when both are set. Vert.x metrics options
 * given by the operator ({@code -options} with {@code metricsOptions} enabled) are kept as they
 * are. Switchboard's own meters do not depend on this: they follow each verticle's {@code
 * metrics.enabled}.
 *
 * <p>Threading: any thread, before the Vert.x instance is made.
 */
public final class LauncherMetrics {

  /** System property turning Vert.x's own metrics off when {@code false}: {@value}. */
  public static final String PROPERTY = "switchboard.vertx.metrics";

  /** Environment variable turning Vert.x's own metrics off when {@code false}: {@value}. */
  public static final String VARIABLE = "SWITCHBOARD_VERTX_METRICS";

  private static final Logger LOG = LoggerFactory.getLogger(LauncherMetrics.class);

  private LauncherMetrics() {
  }

  /**
   * Turns Vert.x's own metrics on, unless switched off or already set by the operator.
   *
   * @param options the Vert.x options the launcher is about to use, changed
   */
  public static void configure(VertxOptions options) {
    if (!enabled(System.getProperty(PROPERTY), System.getenv(VARIABLE))) {
      LOG.info("Vert.x metrics off ({} / {})", PROPERTY, VARIABLE);
      return;
    }
    if (options.getMetricsOptions() != null && options.getMetricsOptions().isEnabled()) {
      return; // the operator's own choice (-options)
    }
    VertxMetrics.configure(options);
  }

  /**
   * @param property the system property's value, or null
   * @param variable the environment variable's value, or null
   * @return whether Vert.x's metrics are on
   * @throws IllegalArgumentException when the one that counts is neither true nor false
   */
  static boolean enabled(String property, String variable) {
    String value = property != null ? property : variable;
    String name = property != null ? PROPERTY : VARIABLE;
    if (value == null) {
      return true;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got \""
          + value + "\"");
    };
  }
}
