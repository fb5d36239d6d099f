package dev.switchboard.bench.common;

import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.core.internal.VertxMetrics;
import dev.switchboard.testkit.NodeMain;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The metrics switch of a benchmark's server JVM, to measure what metrics cost: the system
 * property {@value #PROPERTY} ({@code on}, the default, or {@code off}; on the command line of a
 * script: {@code --jvm-flag -Dswitchboard.bench.metrics=off}). On: Vert.x's own metrics
 * (vertx-micrometer-metrics, Prometheus backend, as {@code bin/vertx} has them), the server's
 * meters, the event-loop delay probe, and a scrape of {@code /metrics}' text every
 * {@value #SCRAPE_SECONDS} s (a Prometheus at a short interval). {@code ours}: the same without
 * Vert.x's own metrics. Off: none of them ({@code metrics.enabled=false}).
 *
 * <p>Threading: any thread.
 */
public final class BenchMetrics {

  /** The system property: {@value}. */
  public static final String PROPERTY = "switchboard.bench.metrics";

  /** The period of the server's own scrape, seconds: {@value}. */
  public static final long SCRAPE_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(BenchMetrics.class);

  private BenchMetrics() {
  }

  /**
   * {@link #configure} as the change of a node JVM's Vert.x options (testkit's {@code NodeMain},
   * system property {@code switchboard.node.vertx-options}).
   */
  public static final class VertxOptionsHook implements UnaryOperator<VertxOptions> {

    @Override
    public VertxOptions apply(VertxOptions options) {
      return configure(options);
    }
  }

  /** @return the JVM flag making a testkit node JVM's Vert.x options follow this switch */
  public static String nodeFlag() {
    return "-D" + NodeMain.VERTX_OPTIONS_PROPERTY + "=" + VertxOptionsHook.class.getName();
  }

  /** @return whether metrics are on in this JVM ({@code on} or {@code ours}) */
  public static boolean on() {
    return !"off".equals(value());
  }

  private static String value() {
    String value = System.getProperty(PROPERTY, "on").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "on", "true" -> "on";
      case "ours" -> "ours";
      case "off", "false" -> "off";
      default -> throw new IllegalArgumentException(PROPERTY + " must be on, ours or off, got \""
          + value + "\"");
    };
  }

  /**
   * @param options the server's Vert.x options, changed when Vert.x's metrics are on (value
   *                {@code on}, not {@code ours})
   * @return options
   */
  public static VertxOptions configure(VertxOptions options) {
    return "on".equals(value()) ? VertxMetrics.configure(options) : options;
  }

  /**
   * Scrapes the node's metrics every {@value #SCRAPE_SECONDS} s when metrics are on.
   *
   * @param vertx the server's Vert.x instance
   */
  public static void scrapePeriodically(Vertx vertx) {
    LOG.info("Metrics {} ({})", on() ? "on, scraped every " + SCRAPE_SECONDS + " s" : "off",
        PROPERTY);
    if (on()) {
      vertx.setPeriodic(SCRAPE_SECONDS * 1000, t -> NodeMetrics.scrapeFresh(vertx)
          .onFailure(e -> LOG.warn("Scrape failed: {}", e.toString())));
    }
  }
}
