package dev.switchboard.core.internal;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which of Vert.x's meter domains a node leaves out, and what it then renders. */
class VertxMetricsTest {

  @Test
  void theDisabledDomainsAreReadInAnyCaseAndABadNameIsRefusedWithTheDomains() {
    assertThat(VertxMetrics.disabled(VertxMetrics.DEFAULT_DISABLED)).isEmpty(); // all on
    assertThat(VertxMetrics.disabled("")).isEmpty();
    assertThat(VertxMetrics.disabled(null)).isEmpty();
    assertThat(VertxMetrics.disabled(" Net_Server, event_bus "))
        .containsExactlyInAnyOrder(MetricsDomain.NET_SERVER, MetricsDomain.EVENT_BUS);
    assertThatThrownBy(() -> VertxMetrics.disabled("event_bus,eventbus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(VertxMetrics.DISABLED_PROPERTY + ": no such domain \"eventbus\"")
        .hasMessageContaining("event_bus");
  }

  @Test
  void aLeftOutDomainRendersNoMeterAndTheOthersDo() {
    for (boolean eventBus : new boolean[] {false, true}) {
      VertxOptions options = VertxMetrics.configure(new VertxOptions(), eventBus
          ? EnumSet.noneOf(MetricsDomain.class) : EnumSet.of(MetricsDomain.EVENT_BUS));
      assertThat(((MicrometerMetricsOptions) options.getMetricsOptions())
          .isMetricsCategoryDisabled(MetricsDomain.EVENT_BUS)).isEqualTo(!eventBus);
      Vertx vertx = Vertx.builder().with(options).build();
      try {
        vertx.eventBus().consumer("x", m -> { });
        String text = NodeMetrics.scrape(vertx);
        assertThat(text.contains("vertx_eventbus_handlers")).as("event bus on: %s", eventBus)
            .isEqualTo(eventBus);
        assertThat(text).contains("vertx_pool_");
      } finally {
        vertx.close().await();
      }
    }
  }
}
