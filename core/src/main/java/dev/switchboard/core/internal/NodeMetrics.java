package dev.switchboard.core.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The metrics registry of a node (one Vert.x instance): every module registers its meters here,
 * and {@code GET /metrics} renders it in Prometheus's text format (docs/operations.md).
 *
 * <p>Threading: every method from any thread.
 */
public final class NodeMetrics {

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = new WeakHashMap<>();

  private NodeMetrics() {
  }

  /**
   * @param vertx the node
   * @return its registry, made on first use
   */
  public static MeterRegistry registry(Vertx vertx) {
    return prometheus(vertx);
  }

  /**
   * @param vertx the node
   * @return its meters in Prometheus's text exposition format
   */
  public static String scrape(Vertx vertx) {
    return prometheus(vertx).scrape();
  }

  private static PrometheusMeterRegistry prometheus(Vertx vertx) {
    synchronized (REGISTRIES) {
      return REGISTRIES.computeIfAbsent(vertx,
          v -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
  }
}
