package dev.switchboard.core.internal;

import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBootstrapImpl;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
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
 * VertxServiceProvider}), beside vertx-micrometer-metrics' {@link MicrometerMetricsFactory}: Vert.x
 * initialises every metrics factory it finds (and the one a launcher names with {@code
 * VertxBuilder.withMetrics} first), and the first to set the instance's metrics wins. Whichever
 * runs first, the result is the same: run before vertx-micrometer-metrics, this factory makes its
 * metrics and wraps them; run after, it wraps the ones it made. The instance's event bus, made
 * after every factory has run, asks the wrapper for its meters.
 *
 * <p>Which instances: metrics enabled, vertx-micrometer-metrics options whose registry name
 * starts with {@value #REGISTRY_PREFIX} (the unique name {@code VertxMetrics.configure} gives) and
 * the event bus not among the disabled domains.
 *
 * <p>Threading: Vert.x calls it on the thread that makes the instance.
 */
public final class SwitchboardMetricsFactory implements VertxMetricsFactory {

  /** The start of the registry names {@code VertxMetrics.configure} gives: {@value}. */
  public static final String REGISTRY_PREFIX = "switchboard-";

  private final MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory();

  /** For the service loader. */
  public SwitchboardMetricsFactory() {
  }

  @Override
  public void init(VertxBootstrap bootstrap) {
    // the metrics being made for the instance are held by VertxBootstrapImpl only (the
    // VertxBootstrap interface has no accessor); VertxMetricsFactory's default init reads and sets
    // them there too
    if (!(bootstrap instanceof VertxBootstrapImpl made)) {
      return; // another bootstrap: its metrics are left as they are
    }
    MicrometerMetricsOptions options = withEventBusMeters(made.options());
    if (options == null || made.metrics() instanceof MeteredVertxMetrics) {
      return;
    }
    VertxMetrics current = made.metrics();
    if (current == null) {
      made.metrics(metrics(made.options()));
    } else if (current instanceof MicrometerMetrics) {
      made.metrics(new MeteredVertxMetrics(current, options));
    }
    // else: metrics of another kind, named by whoever made the instance: theirs
  }

  @Override
  public VertxMetrics metrics(VertxOptions vertxOptions) {
    VertxMetrics made = micrometer.metrics(vertxOptions);
    MicrometerMetricsOptions options = withEventBusMeters(vertxOptions);
    return options == null ? made : new MeteredVertxMetrics(made, options);
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return micrometer.newOptions(json);
  }

  /**
   * @param vertxOptions a Vert.x instance's options
   * @return its metrics options when they are the ones {@code VertxMetrics.configure} gives with
   *     the event bus on, else null
   */
  static MicrometerMetricsOptions withEventBusMeters(VertxOptions vertxOptions) {
    MetricsOptions metrics = vertxOptions.getMetricsOptions();
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
