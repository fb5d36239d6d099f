package dev.switchboard.core.internal;

import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
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
 * <p>Domains are left out with the system property {@value #DISABLED_PROPERTY}, a comma-separated
 * list of {@link MetricsDomain} names, by default {@value #DEFAULT_DISABLED} (none: every domain,
 * the event bus's included, is on). The event bus's meters are Switchboard's ({@link
 * EventBusMeters}, through {@link EventBusMetersProvider}: the same names and labels as
 * vertx-micrometer-metrics', each registered once, so a message costs a few counter increments
 * and no allocation).
 *
 * <p>Threading: any thread, before the Vert.x instance is made.
 */
public final class VertxMetrics {

  /** System property listing the domains of Vert.x's meters left out: {@value}. */
  public static final String DISABLED_PROPERTY = "switchboard.vertx.metrics.disabled";

  /** The domains left out unless {@value #DISABLED_PROPERTY} says otherwise: {@value}. */
  public static final String DEFAULT_DISABLED = "";

  private VertxMetrics() {
  }

  /**
   * @param options the options of the Vert.x instance to make, changed
   * @return options
   */
  public static VertxOptions configure(VertxOptions options) {
    return configure(options, disabled(System.getProperty(DISABLED_PROPERTY, DEFAULT_DISABLED)));
  }

  /**
   * @param options  the options of the Vert.x instance to make, changed
   * @param disabled the domains left out
   * @return options
   */
  public static VertxOptions configure(VertxOptions options, Set<MetricsDomain> disabled) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions();
    for (MetricsDomain domain : disabled) {
      metrics.addDisabledMetricsCategory(domain);
    }
    options.setMetricsOptions(metrics.setEnabled(true)
        .setJvmMetricsEnabled(false)
        .setRegistryName(EventBusMetersProvider.REGISTRY_PREFIX + UUID.randomUUID())
        // bounded labels only: vertx-micrometer's defaults without the HTTP method, which a
        // client chooses (any token is a method to Vert.x's server)
        .setLabels(EnumSet.of(Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return options;
  }

  /**
   * @param names the value of {@value #DISABLED_PROPERTY}: domain names, comma-separated, any
   *              case; blank: none
   * @return the domains it names
   * @throws IllegalArgumentException naming a name that is no domain, and the domains
   */
  public static EnumSet<MetricsDomain> disabled(String names) {
    EnumSet<MetricsDomain> domains = EnumSet.noneOf(MetricsDomain.class);
    if (names == null || names.isBlank()) {
      return domains;
    }
    for (String name : names.split(",")) {
      String trimmed = name.trim().toUpperCase(Locale.ROOT);
      try {
        domains.add(MetricsDomain.valueOf(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(DISABLED_PROPERTY + ": no such domain \"" + name.trim()
            + "\"; the domains: " + Arrays.toString(MetricsDomain.values()).toLowerCase(Locale.ROOT), e);
      }
    }
    return domains;
  }
}
