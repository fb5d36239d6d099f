package dev.switchboard.gateway;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} of a gateway: its counters moved by real WebSocket and TCP clients, on the
 * status listener, the metrics listener, and the public port only when asked; off, a 404 and no
 * meters; a bad metrics option refuses the deploy naming its key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayMetricsIT {

  private static final int MAX = 64 * 1024;
  private static final Pattern SAMPLE = Pattern.compile(
      "^(switchboard_gateway_[a-z_]+)(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);

  @Test
  void theCountersFollowRealClients() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(MAX));
        RawSocket stalled = new RawSocket(gateway.framePort(), 4096)) {
      Connection tcp = gateway.recorder.nextConnection();
      List<WebSocket> webSockets = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        webSockets.add(gateway.webSocket());
      }
      String text = metrics(gateway.statusPort());
      assertThat(value(text, "switchboard_gateway_connections", "")).isEqualTo(4);
      assertThat(value(text, "switchboard_gateway_connections_accepted_total", "")).isEqualTo(4);
      assertThat(value(text, "switchboard_gateway_send_fail_total", "reason=\"buffer_full\""))
          .isZero();

      // turns of sends to a client that does not read, until its buffer is past the bound (the
      // OS's buffers take some first)
      int dropped = 0;
      for (int turn = 0; turn < 200 && dropped == 0; turn++) {
        dropped = Await.result(sendOnce(tcp, 200));
      }
      assertThat(dropped).isPositive();
      text = metrics(gateway.statusPort());
      assertThat(value(text, "switchboard_gateway_send_fail_total", "reason=\"buffer_full\""))
          .isEqualTo(dropped);
      assertThat(value(text, "switchboard_gateway_dropped_total", "")).isEqualTo(dropped);
      assertThat(value(text, "switchboard_gateway_buffer_full_total", "")).isEqualTo(1);
      assertThat(value(text, "switchboard_gateway_pending_bytes", "")).isGreaterThanOrEqualTo(MAX);
      assertThat(value(text, "switchboard_gateway_sent_bytes_total", "")).isPositive();

      webSockets.get(0).writeTextMessage("hello");
      Await.condition(gateway.vertx, 50, () -> Future.succeededFuture(
          value(metricsQuietly(gateway.statusPort()), "switchboard_gateway_requests_total", "")
              == 1));
      for (WebSocket webSocket : webSockets) {
        Await.result(webSocket.close());
      }
      Await.condition(gateway.vertx, 50, () -> Future.succeededFuture(
          value(metricsQuietly(gateway.statusPort()), "switchboard_gateway_connections", "")
              == 1));
      assertThat(boundedLabels(metrics(gateway.statusPort()))).isTrue();
    }
  }

  @Test
  void metricsAreOnThePublicPortOnlyWhenAsked() throws Exception {
    try (GatewayHarness internal = new GatewayHarness()) {
      assertThat(Clients.http(internal.port(), "GET", "/metrics").statusCode()).isEqualTo(404);
      assertThat(Clients.http(internal.statusPort(), "GET", "/metrics").statusCode())
          .isEqualTo(200);
    }
    try (GatewayHarness open = new GatewayHarness(o -> o.getMetrics().setPublicPort(true))) {
      open.webSocket();
      HttpResponse<String> response = Clients.http(open.port(), "GET", "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(value(response.body(), "switchboard_gateway_connections", "")).isEqualTo(1);
      assertThat(Clients.http(open.port(), "POST", "/metrics").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void theMetricsListenerServesMetricsOnlyAndIsClosedWithTheGateway() throws Exception {
    GatewayHarness gateway = new GatewayHarness(o -> o.setStatusPort(GatewayOptions.OFF)
        .getMetrics().setPort(0));
    int port = gateway.verticle.actualMetricsPort();
    try (gateway) {
      gateway.webSocket();
      assertThat(value(metrics(port), "switchboard_gateway_connections", "")).isEqualTo(1);
      assertThat(Clients.http(port, "DELETE", "/metrics").statusCode()).isEqualTo(405);
      assertThat(Clients.http(port, "GET", "/status").statusCode()).isEqualTo(404);
      assertThat(Clients.http(gateway.port(), "GET", "/metrics").statusCode()).isEqualTo(404);
    }
    assertThat(gateway.verticle.actualMetricsPort()).isEqualTo(port);
    try (java.net.Socket refused = new java.net.Socket()) {
      assertThat(Await.failure(Future.fromCompletionStage(
          java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
              refused.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })))).hasRootCauseInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void metricsOffAnswer404AndRegisterNoMeters() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.getMetrics().setEnabled(false)
        .setPublicPort(true).setPort(0))) {
      gateway.webSocket();
      assertThat(Clients.http(gateway.statusPort(), "GET", "/metrics").statusCode())
          .isEqualTo(404);
      assertThat(Clients.http(gateway.port(), "GET", "/metrics").statusCode()).isEqualTo(404);
      assertThat(gateway.verticle.actualMetricsPort()).isEqualTo(MetricsOptions.OFF);
      MeterRegistry registry = NodeMetrics.registry(gateway.vertx);
      assertThat(registry.getMeters()).noneMatch(m -> m.getId().getName()
          .startsWith("switchboard.gateway."));
    }
  }

  @Test
  void aBadMetricsOptionRefusesTheDeployNamingTheKey() {
    Vertx vertx = Vertx.vertx();
    try {
      for (JsonObject metrics : List.of(new JsonObject().put("port", "abc"),
          new JsonObject().put("port", 70000), new JsonObject().put("enabled", "no"))) {
        String key = metrics.fieldNames().iterator().next();
        Throwable failure = Await.failure(vertx.deployVerticle(GatewayVerticle.class.getName(),
            new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
                .put("metrics", metrics))));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("metrics." + key + " must be");
      }
      assertThat(vertx.deploymentIDs()).isEmpty();
    } finally {
      Await.result(vertx.close());
    }
  }

  /** @return whether every gateway sample's labels are of the bounded set */
  static boolean boundedLabels(String text) {
    Set<String> allowed = Set.of("reason", "result", "peer");
    Matcher sample = SAMPLE.matcher(text);
    int samples = 0;
    while (sample.find()) {
      samples++;
      String labels = sample.group(2);
      if (labels != null && !labels.isEmpty()) {
        for (String label : labels.split(",")) {
          if (!allowed.contains(label.substring(0, label.indexOf('=')))) {
            return false;
          }
        }
      }
    }
    return samples > 30;
  }

  private static String metrics(int port) throws Exception {
    return Clients.httpGet(port, "/metrics");
  }

  private static String metricsQuietly(int port) {
    try {
      return metrics(port);
    } catch (Exception e) {
      return "";
    }
  }

  /** @return the value of a gateway sample with exactly these labels, or -1 when absent */
  static long value(String text, String name, String labels) {
    Matcher sample = SAMPLE.matcher(text);
    while (sample.find()) {
      String found = sample.group(2) == null ? "" : sample.group(2);
      if (sample.group(1).equals(name) && found.equals(labels)) {
        return (long) Double.parseDouble(sample.group(3));
      }
    }
    return -1;
  }

  /** Sends {@code count} messages of 1000 bytes in one event-loop turn; @return the dropped. */
  private static Future<Integer> sendOnce(Connection connection, int count) {
    Promise<Integer> done = Promise.promise();
    connection.context().runOnContext(v -> {
      int dropped = 0;
      for (int i = 0; i < count; i++) {
        if (connection.send("x".repeat(1000)) == SendResult.DROPPED) {
          dropped++;
        }
      }
      done.complete(dropped);
    });
    return done.future();
  }
}
