package dev.switchboard.core.internal;

import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;
import java.util.UUID;

/**
 * Turns on Vert.x's own metrics (vertx-micrometer-metrics, Prometheus backend) for a Vert.x
 * instance about to be made, so that {@link NodeMetrics} renders its meters ({@code vertx_*}:
 * event loops and pools, event bus, net and HTTP servers and clients) with ours.
 *
 * <p>Each instance gets a registry of its own (a unique registry name: vertx-micrometer-metrics
 * shares a registry between the instances of one JVM that name the same one, and closes it with
 * the first). Its labels are bounded: the HTTP status code, the pool's type and name, the event
 * bus side; not the HTTP method (a client's choice), path, remote address or event-bus address
 * (vertx-micrometer-metrics leaves those last three off by default too). The JVM's meters are
 * bound by {@link NodeMetrics}, not by Vert.x, so they are bound once whichever way the instance
 * was made.
 *
 * <p>Threading: any thread, before the Vert.x instance is made.
 */
public final class VertxMetrics {

  private VertxMetrics() {
  }

  /**
   * @param options the options of the Vert.x instance to make, changed
   * @return options
   */
  public static VertxOptions configure(VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(false)
        .setRegistryName("switchboard-" + UUID.randomUUID())
        // bounded labels only: vertx-micrometer's defaults without the HTTP method, which a
        // client chooses (any token is a method to Vert.x's server)
        .setLabels(EnumSet.of(Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return options;
  }
}
