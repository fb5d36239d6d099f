package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void aTargetWithoutLeadingSlashDoesNotReachASiblingDirectory(@TempDir Path dir)
      throws Exception {
    Path pub = Files.createDirectories(dir.resolve("pub"));
    Files.writeString(pub.resolve("index.html"), "public page");
    Path secret = Files.createDirectories(dir.resolve("pub-secret"));
    Files.writeString(secret.resolve("key.txt"), "the secret key");
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(pub.toString()))) {
      Clients.echo(gateway);
      assertThat(send(gateway.port(), "GET", "/").body()).isEqualTo("public page");
      for (String target : new String[] {"-secret/key.txt", "-secret/../-secret/key.txt",
          "*", "../pub-secret/key.txt"}) {
        String answer = rawAnswer(gateway.port(), target);
        assertThat(answer).as(target).startsWith("HTTP/1.1 400").doesNotContain("secret key");
      }
      Clients.assertServing(gateway);
    }
  }

  @Test
  void aSymbolicLinkOutOfTheWebRootIsNotFollowed(@TempDir Path dir) throws Exception {
    Path pub = Files.createDirectories(dir.resolve("pub"));
    Files.writeString(pub.resolve("inside.txt"), "inside");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "the secret key");
    Files.createSymbolicLink(pub.resolve("leak.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(pub.resolve("leakdir"), outside);
    Files.createSymbolicLink(pub.resolve("alias.txt"), pub.resolve("inside.txt"));
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(pub.toString()))) {
      Clients.echo(gateway);
      for (String path : new String[] {"/leak.txt", "/leakdir/secret.txt"}) {
        HttpResponse<String> answer = send(gateway.port(), "GET", path);
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("not found\n");
      }
      // a link that stays inside the root is a file of the root
      assertThat(send(gateway.port(), "GET", "/alias.txt").body()).isEqualTo("inside");
      Clients.assertServing(gateway);
    }
  }

  /** A request line sent as is, with Connection: close; the whole answer. */
  private static String rawAnswer(int port, String target) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
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
