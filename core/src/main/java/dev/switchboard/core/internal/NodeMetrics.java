package dev.switchboard.core.internal;

import dev.switchboard.core.MetricsOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.impl.MicrometerMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The metrics registry of a node (one Vert.x instance): every module registers its meters here,
 * and {@code GET /metrics} renders it in Prometheus's text format (docs/gateway.md, Metrics).
 *
 * <p>Which registry: when the Vert.x instance was made with vertx-micrometer-metrics and its
 * Prometheus backend ({@link VertxMetrics#configure}), the registry of that backend, so that
 * Vert.x's own meters ({@code vertx_*}: event loops, pools, event bus, net and HTTP servers) and
 * ours render together; otherwise a {@link PrometheusMeterRegistry} of our own. Either way one per
 * Vert.x instance, made on first use with the JVM's meters ({@link JvmMeters}), the cluster's size
 * and the event-loop delay probe ({@link EventLoopDelay}), and ended when the Vert.x instance
 * closes (a close hook, {@link NodeScoped}): the probe and the JVM binders stop, a registry of our
 * own is closed (Vert.x closes its own), and nothing of a closed instance stays here.
 *
 * <p>Meters that read state owned by event-loop contexts register a refresh ({@link #onScrape}),
 * which {@link #scrapeFresh} runs before it renders.
 *
 * <p>Threading: every method from any thread.
 */
public final class NodeMetrics {

  private static final NodeScoped<NodeMetrics> NODES = new NodeScoped<>(
      vertx -> Future.succeededFuture(new NodeMetrics(vertx)), NodeMetrics::close,
      NodeScoped.OnVertxClose.CLOSE);

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final boolean own;
  private final JvmMeters jvm;
  private final EventLoopDelay loopDelay;
  private final List<Supplier<Future<?>>> refreshes = new CopyOnWriteArrayList<>();

  private NodeMetrics(Vertx vertx) {
    MeterRegistry vertxRegistry = vertxRegistry(vertx);
    PrometheusMeterRegistry found = prometheusIn(vertxRegistry);
    own = found == null;
    prometheus = own ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : found;
    registry = own ? prometheus : vertxRegistry;
    jvm = JvmMeters.bind(registry, vertx);
    loopDelay = EventLoopDelay.start(vertx, registry);
  }

  /**
   * @param vertx the node
   * @return its registry, made on first use
   */
  public static MeterRegistry registry(Vertx vertx) {
    return node(vertx).registry;
  }

  /**
   * The registry a server registers its meters on, as its metrics options say.
   *
   * @param vertx   the node
   * @param options the server's metrics options
   * @return the node's registry ({@link #registry(Vertx)}) when {@code metrics.enabled}; else a
   *     new empty {@link CompositeMeterRegistry} with no member registry: every meter registered
   *     on it is a no-op, kept nowhere and rendered by no scrape
   */
  public static MeterRegistry registry(Vertx vertx, MetricsOptions options) {
    return options.isEnabled() ? registry(vertx) : new CompositeMeterRegistry();
  }

  /**
   * @param vertx the node
   * @return its meters in Prometheus's text exposition format, as last refreshed
   */
  public static String scrape(Vertx vertx) {
    return node(vertx).prometheus.scrape();
  }

  /**
   * Runs every refresh of the node (each on the context it reads), then renders its meters.
   *
   * @param vertx the node
   * @return its meters in Prometheus's text exposition format; a refresh that failed leaves its
   *     meters at their last values
   */
  public static Future<String> scrapeFresh(Vertx vertx) {
    NodeMetrics node = node(vertx);
    List<Future<?>> refreshed = new ArrayList<>();
    for (Supplier<Future<?>> refresh : node.refreshes) {
      refreshed.add(refresh.get());
    }
    return Future.join(refreshed).transform(ar -> vertx.executeBlocking(
        node.prometheus::scrape, false));
  }

  /**
   * Adds a refresh run before each {@link #scrapeFresh}: it gathers the values its meters read
   * (on the contexts that own them) and publishes them for the render.
   *
   * @param vertx   the node
   * @param refresh starts the refresh and returns its future
   * @return removes the refresh
   */
  public static Runnable onScrape(Vertx vertx, Supplier<Future<?>> refresh) {
    List<Supplier<Future<?>>> refreshes = node(vertx).refreshes;
    refreshes.add(refresh);
    return () -> refreshes.remove(refresh);
  }

  private static NodeMetrics node(Vertx vertx) {
    NodeMetrics node = NODES.current(vertx);
    return node != null ? node : NODES.acquire(vertx).result(); // opened at once: never pending
  }

  /**
   * @return the registry of vertx-micrometer-metrics, or null when the instance has no such
   *     metrics
   */
  private static MeterRegistry vertxRegistry(Vertx vertx) {
    if (!vertx.isMetricsEnabled()) {
      return null;
    }
    // vertx-micrometer-metrics gives a Vert.x instance's registry by the name in its options,
    // which the instance does not tell; its metrics object (an internal view) holds the registry
    Object metrics = ((VertxInternal) vertx).metrics();
    return metrics instanceof MicrometerMetrics micrometer ? micrometer.registry() : null;
  }

  private static PrometheusMeterRegistry prometheusIn(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    if (registry instanceof CompositeMeterRegistry composite) {
      for (MeterRegistry member : composite.getRegistries()) {
        if (member instanceof PrometheusMeterRegistry prometheus) {
          return prometheus;
        }
      }
    }
    return null;
  }

  private Future<Void> close() {
    loopDelay.stop();
    jvm.close();
    if (own) {
      prometheus.close();
    }
    return Future.succeededFuture();
  }
}
