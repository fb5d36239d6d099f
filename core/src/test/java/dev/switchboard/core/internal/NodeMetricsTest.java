package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's registry: one per Vert.x instance, Vert.x's own when the instance was made with
 * vertx-micrometer-metrics (so {@code vertx_*} meters render next to ours), its own otherwise,
 * with the JVM's meters and the event-loop delay probe, and ended when the instance closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeMetricsTest {

  private final List<Vertx> instances = new ArrayList<>();

  @AfterEach
  void closeVertx() {
    instances.forEach(vertx -> Await.result(vertx.close()));
  }

  private Vertx vertx(VertxOptions options) {
    Vertx vertx = Vertx.vertx(options);
    instances.add(vertx);
    return vertx;
  }

  @Test
  void eachNodeHasOneRegistryWithTheJvmMetersAndTheEventLoopDelay() {
    Vertx a = vertx(new VertxOptions().setEventLoopPoolSize(2));
    Vertx b = vertx(new VertxOptions());
    MeterRegistry registry = NodeMetrics.registry(a);
    assertThat(NodeMetrics.registry(a)).isSameAs(registry);
    assertThat(NodeMetrics.registry(b)).isNotSameAs(registry);
    assertThat(registry).isInstanceOf(PrometheusMeterRegistry.class);

    // each probe records a lateness every 100 ms: wait for a few on both loops
    Await.condition(a, 50, () -> Future.succeededFuture(
        registry.find("switchboard.eventloop.delay").timers().stream()
            .allMatch(t -> t.count() >= 3)));
    assertThat(registry.find("switchboard.eventloop.delay").timers()).hasSize(2);
    String text = NodeMetrics.scrape(a);
    assertThat(text).contains("switchboard_eventloop_delay_seconds_bucket{loop=\"0\"")
        .contains("switchboard_eventloop_delay_seconds_count{loop=\"1\"}")
        .contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("jvm_threads_live_threads")
        .contains("process_cpu_usage").contains("process_files_open_files")
        .doesNotContain("vertx_") // Vert.x's own meters are not on
        .doesNotContain("switchboard_cluster_members"); // not clustered
    assertThat(Await.result(NodeMetrics.scrapeFresh(a))).contains("jvm_memory_used_bytes");
  }

  @Test
  void theRegistryIsClosedAndTheProbeStoppedWhenTheNodeCloses() {
    Vertx vertx = vertx(new VertxOptions());
    PrometheusMeterRegistry registry = (PrometheusMeterRegistry) NodeMetrics.registry(vertx);
    Timer probe = registry.find("switchboard.eventloop.delay").timer();
    Await.condition(vertx, 50, () -> Future.succeededFuture(probe.count() >= 1));
    instances.remove(vertx);
    Await.result(vertx.close());
    assertThat(registry.isClosed()).isTrue();
  }

  @Test
  void aNodeWithVertxMetricsSharesVertxsRegistry() {
    Vertx vertx = vertx(VertxMetrics.configure(new VertxOptions()));
    NetServer server = Await.result(vertx.createNetServer().connectHandler(s -> s.end())
        .listen(0, "127.0.0.1"));
    Await.result(vertx.createNetClient().connect(server.actualPort(), "127.0.0.1"));
    MeterRegistry registry = NodeMetrics.registry(vertx);
    Await.condition(vertx, 50, () -> Future.succeededFuture(
        NodeMetrics.scrape(vertx).contains("vertx_net_server_")));
    String text = NodeMetrics.scrape(vertx);
    assertThat(text).contains("vertx_net_client_").contains("vertx_pool_")
        .contains("switchboard_eventloop_delay_seconds").contains("jvm_memory_used_bytes");
    // one registry: a meter of ours is in Vert.x's
    assertThat(registry.find("switchboard.eventloop.delay").timer()).isNotNull();
    assertThat(text.indexOf("# TYPE jvm_memory_used_bytes"))
        .isEqualTo(text.lastIndexOf("# TYPE jvm_memory_used_bytes")); // bound once
  }

  @Test
  void vertxsHttpMetersTakeNoLabelAClientChooses() throws Exception {
    Vertx vertx = vertx(VertxMetrics.configure(new VertxOptions()));
    io.vertx.core.http.HttpServer server = Await.result(vertx.createHttpServer()
        .requestHandler(request -> request.response().end("ok")).listen(0, "127.0.0.1"));
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
            + server.actualPort() + "/client-chosen-path?x=1"))
            .method("CLIENTMETHOD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    Await.condition(vertx, 50, () -> Future.succeededFuture(
        NodeMetrics.scrape(vertx).contains("vertx_http_server_requests_total")));
    assertThat(NodeMetrics.scrape(vertx)).contains("code=\"200\"")
        .doesNotContain("CLIENTMETHOD").doesNotContain("client-chosen-path")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void twoNodesWithVertxMetricsInOneJvmKeepApartRegistries() {
    Vertx a = vertx(VertxMetrics.configure(new VertxOptions()));
    Vertx b = vertx(VertxMetrics.configure(new VertxOptions()));
    assertThat(NodeMetrics.registry(a)).isNotSameAs(NodeMetrics.registry(b));
    instances.remove(a);
    Await.result(a.close());
    assertThat(((PrometheusMeterRegistry) NodeMetrics.registry(b)).isClosed()).isFalse();
    assertThat(NodeMetrics.scrape(b)).contains("switchboard_eventloop_delay_seconds");
  }
}
