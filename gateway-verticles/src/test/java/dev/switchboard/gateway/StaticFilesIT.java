package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with a {@code webRoot} serves its files on the WebSocket's HTTP port, and the
 * WebSocket on the same path still works.
 */
class StaticFilesIT {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void filesAreServedBesideTheWebSocket() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot("webtest/"))) {
      Clients.echo(gateway);
      HttpResponse<String> index = send(gateway.port(), "GET", "/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("hello static");
      assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      HttpResponse<String> css = send(gateway.port(), "GET", "/sub/a.css");
      assertThat(css.statusCode()).isEqualTo(200);
      assertThat(css.headers().firstValue("content-type").orElse("")).startsWith("text/css");

      assertThat(send(gateway.port(), "GET", "/missing.js").statusCode()).isEqualTo(404);
      assertThat(send(gateway.port(), "GET", "/sub").statusCode()).isEqualTo(404);
      assertThat(send(gateway.port(), "POST", "/").statusCode()).isEqualTo(405);
      assertThat(rawStatusLine(gateway.port(), "/../pom.xml")).contains("400");
      assertThat(rawStatusLine(gateway.port(), "/sub/%2e%2e/index.html")).contains("400");
      assertThat(send(gateway.port(), "GET", "/status").statusCode()).isEqualTo(200);

      Clients.assertServing(gateway); // the WebSocket on "/" and the TCP protocols
    }
  }

  /** A request line sent as is (an HTTP client would normalise the path). */
  private static String rawStatusLine(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = socket.getInputStream().read()) >= 0 && b != '\r') {
        line.append((char) b);
      }
      return line.toString();
    }
  }
}
