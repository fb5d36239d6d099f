package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus's meters of a node whose metrics {@link
 * dev.switchboard.core.internal.VertxMetrics#configure} set: Switchboard's ({@link
 * EventBusMeters}) whichever of the providers Vert.x runs first, counting what vertx-micrometer-
 * metrics' own counted; other instances keep vertx-micrometer-metrics' unchanged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventBusMetersTest {

  static final MetricsNaming NAMES = MicrometerMetricsOptions.DEFAULT_METRICS_NAMING
      .withBaseName(MetricsDomain.EVENT_BUS.getPrefix());

  @Test
  void everyMethodOfVertxMetricsIsForwardedNotLeftToItsDefault() {
    for (Method method : VertxMetrics.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method declared;
      try {
        declared = MeteredVertxMetrics.class.getDeclaredMethod(method.getName(),
            method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        throw new AssertionError("MeteredVertxMetrics leaves " + method + " to its default", e);
      }
      assertThat(declared.getDeclaringClass()).isEqualTo(MeteredVertxMetrics.class);
    }
  }

  @Test
  void theMetersAreSwitchboardsWhicheverProviderRunsFirstAndCountLocalMessages() {
    VertxOptions options = dev.switchboard.core.internal.VertxMetrics.configure(new VertxOptions());
    List<Supplier<Vertx>> made = List.of(
        // Vert.x's service loader alone
        () -> Vertx.builder().with(options).build(),
        // vertx-micrometer-metrics' factory named by the launcher, as Vert.x's legacy one does
        () -> Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory()).build(),
        // the providers in either order
        () -> VertxBootstrap.create().options(options).serviceProviders(List.of(
            new EventBusMetersProvider(), new MicrometerMetricsFactory())).init().vertx(),
        () -> VertxBootstrap.create().options(options).serviceProviders(List.of(
            new MicrometerMetricsFactory(), new EventBusMetersProvider())).init().vertx());
    for (Supplier<Vertx> make : made) {
      Vertx vertx = make.get();
      try {
        assertThat(((VertxInternal) vertx).metrics()).isInstanceOf(MeteredVertxMetrics.class);
        countsLocalMessages(vertx);
      } finally {
        Await.result(vertx.close());
      }
    }
  }

  private static void countsLocalMessages(Vertx vertx) {
    MeterRegistry registry = NodeMetrics.registry(vertx);
    MessageConsumer<String> consumer = vertx.eventBus().consumer("counted", m -> m.reply("ok"));
    vertx.eventBus().consumer("__vertx.not-counted", m -> { });
    Await.result(consumer.completion());
    assertThat(gauge(registry, NAMES.getEbHandlers(), null)).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      Await.result(vertx.eventBus().request("counted", "x"));
    }
    vertx.eventBus().publish("counted", "y");
    vertx.eventBus().send("__vertx.not-counted", "z");
    ReplyException noHandler = (ReplyException) Await.failure(
        vertx.eventBus().request("nobody", "x"));
    assertThat(noHandler.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        count(registry, NAMES.getEbProcessed(), "local") == 6));
    assertThat(count(registry, NAMES.getEbSent(), "local")).isEqualTo(6); // 5 + nobody
    assertThat(count(registry, NAMES.getEbPublished(), "local")).isEqualTo(1);
    assertThat(count(registry, NAMES.getEbReceived(), "local")).isEqualTo(7);
    assertThat(count(registry, NAMES.getEbDelivered(), "local")).isEqualTo(6);
    assertThat(gauge(registry, NAMES.getEbPending(), "local")).isZero();
    assertThat(count(registry, NAMES.getEbSent(), "remote")).isZero();
    assertThat(registry.get(NAMES.getEbReplyFailures()).counter().count()).isEqualTo(1);

    // a paused consumer holds what it receives; unregistered, it discards what it held
    MessageConsumer<String> paused = vertx.eventBus().<String>consumer("paused", m -> { });
    paused.pause();
    Await.result(paused.completion());
    for (int i = 0; i < 3; i++) {
      vertx.eventBus().send("paused", "x");
    }
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        gauge(registry, NAMES.getEbPending(), "local") == 3));
    assertThat(gauge(registry, NAMES.getEbHandlers(), null)).isEqualTo(2);
    Await.result(paused.unregister());
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        count(registry, NAMES.getEbDiscarded(), "local") == 3));
    assertThat(gauge(registry, NAMES.getEbPending(), "local")).isZero();
    assertThat(gauge(registry, NAMES.getEbHandlers(), null)).isEqualTo(1);
    assertThat(NodeMetrics.scrape(vertx)).contains("vertx_eventbus_sent_total{side=\"local\"} 9.0")
        .doesNotContain("not-counted").doesNotContain("address=");
  }

  @Test
  void otherMetricsOptionsAndALeftOutEventBusKeepVertxMicrometerMetricsAsItIs() {
    VertxOptions operators = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true).setRegistryName("operators-own")
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxOptions leftOut = dev.switchboard.core.internal.VertxMetrics.configure(
        new VertxOptions(), EnumSet.of(MetricsDomain.EVENT_BUS));
    for (VertxOptions options : new VertxOptions[] {operators, leftOut}) {
      Vertx vertx = Vertx.builder().with(options).build();
      try {
        assertThat(((VertxInternal) vertx).metrics()).isNotNull()
            .isNotInstanceOf(MeteredVertxMetrics.class);
      } finally {
        Await.result(vertx.close());
      }
    }
  }

  static double count(MeterRegistry registry, String name, String side) {
    Search search = registry.find(name);
    return (side == null ? search : search.tag("side", side)).counter().count();
  }

  static double gauge(MeterRegistry registry, String name, String side) {
    Search search = registry.find(name);
    return (side == null ? search : search.tag("side", side)).gauge().value();
  }
}
