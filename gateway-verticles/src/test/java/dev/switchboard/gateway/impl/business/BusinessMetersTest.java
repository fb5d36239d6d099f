package dev.switchboard.gateway.impl.business;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ScrapedMetrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The business call timers: one per result, labelled with bounded values only. */
class BusinessMetersTest {

  private static final MetricsOptions ON = new MetricsOptions();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aGatewayWithMetricsOffTimesItsCallsOnNoRegistry() {
    Map<BusinessMeters.Result, Timer> off = BusinessMeters.calls(vertx,
        new MetricsOptions().setEnabled(false), "orders");
    BusinessMeters.record(off, BusinessMeters.Result.OK, System.nanoTime());
    assertThat(NodeMetrics.scrape(vertx)).doesNotContain("switchboard_business_call");
    BusinessMeters.calls(vertx, ON, "orders");
    assertThat(NodeMetrics.scrape(vertx)).contains("switchboard_business_call_seconds_count");
  }

  @Test
  void callTimersAreSharedByTheGatewaysOfANodeAndBounded() {
    Map<BusinessMeters.Result, Timer> first = BusinessMeters.calls(vertx, ON, "orders");
    Map<BusinessMeters.Result, Timer> second = BusinessMeters.calls(vertx, ON, "orders");
    BusinessMeters.record(first, BusinessMeters.Result.OK, System.nanoTime());
    BusinessMeters.record(second, BusinessMeters.Result.OK, System.nanoTime());
    BusinessMeters.record(second, BusinessMeters.Result.DROPPED, System.nanoTime());
    ScrapedMetrics scrape = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
    assertThat(scrape.value("switchboard_business_call_seconds_count", "verticle", "orders",
        "result", "ok")).isEqualTo(2);
    assertThat(scrape.value("switchboard_business_call_seconds_count", "result", "dropped"))
        .isEqualTo(1);
    assertThat(scrape.matching("switchboard_business_call_seconds_count"))
        .extracting(s -> s.labels().get("result"))
        .containsExactlyInAnyOrder("ok", "timeout", "failed", "dropped");
    assertThat(scrape.labelNames("switchboard_")).isSubsetOf(ScrapedMetrics.BOUNDED_LABELS);
  }
}
