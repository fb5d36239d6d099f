package dev.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PrometheusServer} with the real {@code prometheus} program, scraping a Vert.x HTTP
 * server of this test that serves a fixed exposition text: the values scraped come back through
 * the query API, a bad query gets Prometheus's error, a dead target shows as down, closing stops
 * the program and deletes its directory, and a killed test JVM leaves no Prometheus behind.
 */
class PrometheusServerIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  /** What the test's target serves: a counter with two label values and a gauge. */
  private static final String EXPOSITION = """
      # HELP test_requests_total Requests served.
      # TYPE test_requests_total counter
      test_requests_total{path="/a"} 3
      test_requests_total{path="/b"} 4
      # HELP test_temperature_celsius A gauge.
      # TYPE test_temperature_celsius gauge
      test_temperature_celsius 21.5
      """;

  private Vertx vertx;
  private HttpServer target;

  @BeforeEach
  void serveTheExposition() {
    vertx = Vertx.vertx();
    target = Await.result(vertx.createHttpServer().requestHandler(request -> {
      if ("/metrics".equals(request.path())) {
        request.response().putHeader("content-type", "text/plain; version=0.0.4")
            .end(EXPOSITION);
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void queriesAnswerWhatWasScraped() throws Exception {
    try (PrometheusServer prometheus = PrometheusServer.start(List.of(targetAddress()))) {
      prometheus.awaitTargetsUp(BOUND);
      assertThat(prometheus.targetsUp()).isEqualTo(1);
      assertThat(prometheus.awaitValue("sum(test_requests_total)", v -> v == 7, BOUND))
          .isEqualTo(7);
      List<PrometheusServer.Sample> byPath = prometheus.query("test_requests_total{path=\"/b\"}");
      assertThat(byPath).hasSize(1);
      assertThat(byPath.get(0).labels()).containsEntry("path", "/b")
          .containsEntry("__name__", "test_requests_total")
          .containsEntry("instance", targetAddress());
      assertThat(byPath.get(0).value()).isEqualTo(4);
      assertThat(prometheus.query("test_temperature_celsius").get(0).value()).isEqualTo(21.5);
      assertThat(prometheus.query("scalar(up)")).containsExactly(
          new PrometheusServer.Sample(Map.of(), 1));
      assertThat(prometheus.query("absent_series_of_the_test")).isEmpty();
      assertThat(prometheus.awaitAnswer("rate(test_requests_total[1m])",
          samples -> samples.size() == 2, BOUND)).extracting(sample -> sample.labels().get("path"))
          .containsExactlyInAnyOrder("/a", "/b");
    }
  }

  @Test
  void aQueryPrometheusRefusesFailsWithItsError() throws Exception {
    try (PrometheusServer prometheus = PrometheusServer.start(List.of(targetAddress()))) {
      assertThatThrownBy(() -> prometheus.query("sum(test_requests_total"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad_data").hasMessageContaining("parse error");
      // and it still answers
      assertThat(prometheus.awaitValue("sum(test_requests_total)", v -> v == 7, BOUND))
          .isEqualTo(7);
    }
  }

  @Test
  void aTargetThatDoesNotAnswerIsDownWithItsError() throws Exception {
    int closed = closedPort();
    try (PrometheusServer prometheus = PrometheusServer.start(
        List.of(targetAddress(), "127.0.0.1:" + closed))) {
      assertThat(prometheus.awaitValue("count(up == 0)", v -> v == 1, BOUND)).isEqualTo(1);
      assertThat(prometheus.awaitValue("count(up == 1)", v -> v == 1, BOUND)).isEqualTo(1);
      assertThat(prometheus.query("up == 0").get(0).labels())
          .containsEntry("instance", "127.0.0.1:" + closed);
      assertThat(prometheus.targetsUp()).isEqualTo(1);
      assertThat(prometheus.targets()).anySatisfy(target -> {
        assertThat(target.health()).isEqualTo("down");
        assertThat(target.lastError()).contains("connection refused");
      });
      assertThatThrownBy(() -> prometheus.awaitTargetsUp(Duration.ofSeconds(3)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("connection refused");
      assertThatThrownBy(() -> prometheus.awaitValue("sum(up)", v -> v == 2,
          Duration.ofSeconds(3)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("last answer")
          .hasMessageContaining("did not reach the expected answer");
    }
  }

  @Test
  void closeStopsPrometheusAndDeletesItsDirectory() throws Exception {
    PrometheusServer prometheus = PrometheusServer.start(List.of(targetAddress()));
    ProcessHandle program = ProcessHandle.of(prometheus.pid()).orElseThrow();
    assertThat(program.info().command()).hasValueSatisfying(command ->
        assertThat(command).endsWith("prometheus"));
    assertThat(Files.isDirectory(prometheus.directory().resolve("data"))).isTrue();
    URI ready = prometheus.uri().resolve("/-/ready");
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

    prometheus.close();

    assertThat(program.isAlive()).isFalse();
    assertThat(prometheus.directory()).doesNotExist();
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(ready)
        .build(), HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
  }

  @Test
  void aKilledTestJvmLeavesNoPrometheusBehind() throws Exception {
    NodeProcess jvm = NodeProcess.launch(new ProcessBuilder(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), PrometheusChild.class.getName())),
        Pattern.compile(Pattern.quote(PrometheusChild.READY_PREFIX) + "(\\d+ \\S+)"));
    String[] ready = jvm.memberAddress().split(" ");
    Optional<ProcessHandle> program = ProcessHandle.of(Long.parseLong(ready[0]));
    assertThat(program).isPresent();
    assertThat(program.get().isAlive()).isTrue();

    try {
      jvm.kill(); // SIGKILL: no shutdown hook runs

      program.get().onExit().get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(program.get().isAlive()).isFalse();
    } finally {
      program.get().destroyForcibly(); // when the test fails: no orphan left by the test either
      // a JVM killed with SIGKILL cannot delete the harness's directory: the test does
      PrometheusServer.delete(Path.of(ready[1]));
    }
  }

  @Test
  void aPrometheusThatCannotStartFailsWithItsOutput(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("broken-rules.yml"),
        "groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: sum(up\n");
    assertThatThrownBy(() -> PrometheusServer.start(List.of(targetAddress()), "/metrics",
        Duration.ofSeconds(1), List.of(rules)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with")
        .hasMessageContaining("broken-rules.yml");
  }

  @Test
  void aMissingProgramFailsWithHowToInstallIt() {
    System.setProperty("PROMETHEUS", "/nonexistent/prometheus");
    try {
      assertThatThrownBy(() -> PrometheusServer.start(List.of(targetAddress())))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("PROMETHEUS=/nonexistent/prometheus is not an executable file");
    } finally {
      System.clearProperty("PROMETHEUS");
    }
  }

  private String targetAddress() {
    return "127.0.0.1:" + target.actualPort();
  }

  /** A port nothing listens on (just released; nothing in this test binds it again). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
