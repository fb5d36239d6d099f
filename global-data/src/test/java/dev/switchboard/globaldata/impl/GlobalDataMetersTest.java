package dev.switchboard.globaldata.impl;

import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GlobalData's meters: a result label per reason, and only bounded labels. */
class GlobalDataMetersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void eachReasonIsAResultAndNoLabelIsUnbounded() {
    GlobalDataMeters meters = GlobalDataMeters.of(NodeMetrics.registry(vertx));
    long started = System.nanoTime();
    for (Reason reason : Reason.values()) {
      meters.measured("cas", started, Future.failedFuture(new GlobalDataException(reason, "x")));
    }
    meters.measured("cas", started, Future.failedFuture(new IllegalStateException("odd")));
    meters.measured("cas", started, Future.succeededFuture(true));
    ScrapedMetrics scrape = ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
    assertThat(scrape.value("switchboard_globaldata_ops_total", "op", "cas", "result", "no_quorum"))
        .isEqualTo(1);
    assertThat(scrape.value("switchboard_globaldata_ops_total", "result", "backend"))
        .as("BACKEND, and a failure that is not GlobalData's own").isEqualTo(2);
    assertThat(scrape.matching("switchboard_globaldata_ops_total"))
        .as("ok and one per reason").hasSize(Reason.values().length + 1);
    assertThat(scrape.value("switchboard_globaldata_op_seconds_count", "op", "cas"))
        .isEqualTo(Reason.values().length + 2);
    assertThat(scrape.labelNames("switchboard_")).isSubsetOf(ScrapedMetrics.BOUNDED_LABELS);
  }
}
