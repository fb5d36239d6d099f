package dev.switchboard.core.internal;

import io.vertx.core.impl.VertxBootstrapImpl;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;

/**
 * Gives the Vert.x instances whose metrics {@link dev.switchboard.core.internal.VertxMetrics}
 * configured the event-bus meters of {@link EventBusMeters} in place of vertx-micrometer-metrics'
 * own ({@link MeteredVertxMetrics}); every other instance is left to vertx-micrometer-metrics as
 * it would be without this class.
 *
 * <p>Found by Vert.x's service loader ({@code META-INF/services/io.vertx.core.spi.
 * VertxServiceProvider}). It is a plain service provider, not a {@code VertxMetricsFactory}: Vert.x's
 * legacy launcher looks for the one metrics factory on the class path and warns when it finds two.
 * Vert.x initialises every provider it finds, after the metrics factory a launcher names, and the
 * first to set the instance's metrics wins. Whichever runs first, the result is the same: run
 * before vertx-micrometer-metrics' factory, this provider makes that factory's metrics and wraps
 * them (the factory then finds metrics set and leaves them); run after, it wraps the ones the
 * factory made. The instance's event bus, made after every provider has run, asks the wrapper for
 * its meters.
 *
 * <p>Which instances: metrics enabled, vertx-micrometer-metrics options whose registry name
 * starts with {@value #REGISTRY_PREFIX} (the unique name {@code VertxMetrics.configure} gives) and
 * the event bus not among the disabled domains.
 *
 * <p>Threading: Vert.x calls it on the thread that makes the instance.
 */
public final class EventBusMetersProvider implements VertxServiceProvider {

  /** The start of the registry names {@code VertxMetrics.configure} gives: {@value}. */
  public static final String REGISTRY_PREFIX = "switchboard-";

  /** For the service loader. */
  public EventBusMetersProvider() {
  }

  @Override
  public void init(VertxBootstrap bootstrap) {
    // the metrics being made for the instance are held by VertxBootstrapImpl only (the
    // VertxBootstrap interface has no accessor); VertxMetricsFactory's default init reads and sets
    // them there too
    if (!(bootstrap instanceof VertxBootstrapImpl made)) {
      return; // another bootstrap: its metrics are left as they are
    }
    MicrometerMetricsOptions options = withEventBusMeters(made.options().getMetricsOptions());
    VertxMetrics current = made.metrics();
    if (options == null || current instanceof MeteredVertxMetrics) {
      return;
    }
    if (current == null) {
      made.metrics(new MeteredVertxMetrics(
          new MicrometerMetricsFactory().metrics(made.options()), options));
    } else if (current instanceof MicrometerMetrics) {
      made.metrics(new MeteredVertxMetrics(current, options));
    }
    // else: metrics of another kind, named by whoever made the instance: theirs
  }

  /**
   * @param metrics a Vert.x instance's metrics options, or null
   * @return them as vertx-micrometer-metrics options when they are the ones {@code
   *     VertxMetrics.configure} gives with the event bus on, else null
   */
  static MicrometerMetricsOptions withEventBusMeters(MetricsOptions metrics) {
    if (metrics == null || !metrics.isEnabled()) {
      return null;
    }
    MicrometerMetricsOptions options = metrics instanceof MicrometerMetricsOptions micrometer
        ? micrometer : new MicrometerMetricsOptions(metrics.toJson());
    String name = options.getRegistryName();
    boolean ours = name != null && name.startsWith(REGISTRY_PREFIX);
    return ours && !options.isMetricsCategoryDisabled(MetricsDomain.EVENT_BUS) ? options : null;
  }
}
