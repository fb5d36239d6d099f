package dev.switchboard.core.internal;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics listener: {@code GET /metrics} in Prometheus's text format, 405 for other methods,
 * 404 for other paths, an oversize request line refused, and no listener without a port or with
 * metrics off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsServerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static HttpResponse<String> http(int port, String method, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersGetMetricsAndRefusesOtherMethodsAndPaths() throws Exception {
    MetricsServer server = Await.result(MetricsServer.start(vertx,
        new MetricsOptions().setPort(0)));
    int port = server.port();

    HttpResponse<String> metrics = http(port, "GET", "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("switchboard_eventloop_delay_seconds");

    HttpResponse<String> head = http(port, "HEAD", "/metrics");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();

    HttpResponse<String> post = http(port, "POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(post.body()).isEqualTo("method not allowed\n");

    for (String path : new String[] {"/", "/status", "/metrics/x", "/metricsx", "/x/../metrics"}) {
      HttpResponse<String> other = http(port, "GET", path);
      assertThat(other.statusCode()).as(path).isEqualTo(404); // the path as sent, not normalized
    }
  }

  @Test
  void anOversizeRequestLineIsRefusedAndTheListenerStillAnswers() throws Exception {
    MetricsServer server = Await.result(MetricsServer.start(vertx,
        new MetricsOptions().setPort(0)));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /metrics?" + "x".repeat(MetricsServer.MAX_LINE) + " HTTP/1.1\r\n"
          + "Host: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).matches("HTTP/1\\.[01] 414");
    }
    assertThat(http(server.port(), "GET", "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void noListenerWithoutAPortOrWithMetricsOff() {
    assertThat(Await.result(MetricsServer.start(vertx, new MetricsOptions()))).isNull();
    assertThat(Await.result(MetricsServer.start(vertx,
        new MetricsOptions().setPort(0).setEnabled(false)))).isNull();
  }
}
