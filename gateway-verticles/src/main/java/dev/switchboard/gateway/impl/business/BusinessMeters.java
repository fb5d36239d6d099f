package dev.switchboard.gateway.impl.business;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meters of business verticles (docs/gateway.md, "Metrics"): on a gateway, the time from a
 * client's event first sent to a business until its answer
 * ({@code switchboard_business_call_seconds{verticle,result}}); on a business node, its clients,
 * waiting events and forgotten clients ({@code switchboard_business_*{verticle}}). The label
 * {@code verticle} is the business's name, which the deployment fixes.
 *
 * <p>This is the one place the business meters are registered: the metrics off switch gates
 * {@link #registry(Vertx, MetricsOptions)}: the gateway's metrics options for the call timers, the
 * business verticle's for the node's gauges.
 *
 * <p>Threading: any thread.
 */
final class BusinessMeters {

  /** Bounds of the call histogram's buckets. */
  static final Duration CALL_MIN = Duration.ofMillis(1);
  static final Duration CALL_MAX = Duration.ofSeconds(30);

  /** How a call to a business ended. */
  enum Result {
    /** Answered. */
    OK,
    /** Not answered within {@code businessTimeout}. */
    TIMEOUT,
    /** Failed by the business or the event bus. */
    FAILED,
    /** Dropped: no instance took it in time, or the business was still busy with the client. */
    DROPPED
  }

  private BusinessMeters() {
  }

  private static MeterRegistry registry(Vertx vertx, MetricsOptions metrics) {
    return NodeMetrics.registry(vertx, metrics);
  }

  /**
   * @param vertx    the gateway's node
   * @param metrics  the gateway's metrics options (off: the timers are no-ops)
   * @param business the business
   * @return the call timer of each result
   */
  static Map<Result, Timer> calls(Vertx vertx, MetricsOptions metrics, String business) {
    MeterRegistry registry = registry(vertx, metrics);
    Map<Result, Timer> timers = new EnumMap<>(Result.class);
    for (Result result : Result.values()) {
      timers.put(result, Timer.builder("switchboard.business.call")
          .description("From a client's event first sent to a business until its answer")
          .tags("verticle", business, "result", result.name().toLowerCase(Locale.ROOT))
          .publishPercentileHistogram().minimumExpectedValue(CALL_MIN)
          .maximumExpectedValue(CALL_MAX).register(registry));
    }
    return timers;
  }

  /** Records a call that started at {@code started} ({@link System#nanoTime()}). */
  static void record(Map<Result, Timer> timers, Result result, long started) {
    timers.get(result).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /**
   * Registers the gauges of a business node.
   *
   * @param metrics the metrics options of the business verticle that started the node (off: the
   *                gauges are no-ops)
   * @return removes them, when the node stops (with the registry they were registered on: the
   *     node may stop as its Vert.x instance closes, when its registry is not to be asked for)
   */
  static Runnable node(Vertx vertx, MetricsOptions metrics, String business, BusinessNode node) {
    MeterRegistry registry = registry(vertx, metrics);
    Tags tags = Tags.of("verticle", business);
    List<Meter> meters = List.of(
        Gauge.builder("switchboard.business.instances", node, BusinessNode::instanceCount)
            .tags(tags).description("Instances of the business on the node")
            .strongReference(true).register(registry),
        Gauge.builder("switchboard.business.clients", node, BusinessNode::clientCount)
            .tags(tags).description("Clients with a lane on the node: pinned, running or waiting")
            .strongReference(true).register(registry),
        Gauge.builder("switchboard.business.waiting", node, BusinessNode::waitingCount)
            .tags(tags).description("Events waiting behind a running event of the same client")
            .strongReference(true).register(registry),
        FunctionCounter.builder("switchboard.business.forgotten", node,
                BusinessNode::forgottenCount)
            .tags(tags).description("Clients forgotten because their gateway node left")
            .register(registry));
    return () -> meters.forEach(registry::remove);
  }
}
