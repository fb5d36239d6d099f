package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with a {@code webRoot} serves its files on the WebSocket's HTTP port, and the
 * WebSocket on the same path still works. Files are served by vertx-web's StaticHandler behind
 * the gateway's own checks: these tests pin what a user sees of both.
 */
class StaticFilesIT {

  private HttpResponse<String> send(int port, String method, String path, String... headers)
      throws Exception {
    return Clients.http(port, method, path, headers);
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

  @Test
  void headRangesAndNoCachingHeaders(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("page.html"), "<p>0123456789</p>");
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(dir.toString()))) {
      HttpResponse<String> head = send(gateway.port(), "HEAD", "/page.html");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("content-length")).hasValue("17");
      assertThat(head.headers().firstValue("content-type").orElse("")).startsWith("text/html");

      HttpResponse<String> get = send(gateway.port(), "GET", "/page.html",
          "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT");
      // StaticHandler's caching is off: no Cache-Control (it would say a day, "immutable"), no
      // Last-Modified, no 304; a page changed on disk is served changed at once
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("<p>0123456789</p>");
      for (String header : List.of("cache-control", "last-modified", "etag", "vary")) {
        assertThat(get.headers().firstValue(header)).as(header).isEmpty();
      }
      // what StaticHandler adds: ranges
      assertThat(get.headers().firstValue("accept-ranges")).hasValue("bytes");
      HttpResponse<String> range = send(gateway.port(), "GET", "/page.html", "Range", "bytes=3-5");
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.body()).isEqualTo("012");
      assertThat(range.headers().firstValue("content-range")).hasValue("bytes 3-5/17");
      HttpResponse<String> outside = send(gateway.port(), "GET", "/page.html", "Range",
          "bytes=99-");
      assertThat(outside.statusCode()).isEqualTo(416);
      assertThat(outside.body()).isEqualTo("requested range not satisfiable\n");

      Files.writeString(dir.resolve("page.html"), "changed");
      assertThat(send(gateway.port(), "GET", "/page.html").body()).isEqualTo("changed");
    }
  }

  @Test
  void aDirectoryIsItsIndexWithItsSlashAndNotFoundWithout(@TempDir Path dir) throws Exception {
    Files.writeString(Files.createDirectories(dir.resolve("docs")).resolve("index.html"), "docs");
    Files.createDirectories(dir.resolve("empty"));
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(dir.toString()))) {
      assertThat(send(gateway.port(), "GET", "/docs/").body()).isEqualTo("docs");
      assertThat(send(gateway.port(), "GET", "/docs/index.html").body()).isEqualTo("docs");
      // no redirect to "/docs/" (StaticHandler's own answer), no listing
      for (String path : List.of("/docs", "/empty/", "/empty", "/late.txt")) {
        HttpResponse<String> answer = send(gateway.port(), "GET", path);
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
        assertThat(answer.body()).as(path).isEqualTo("not found\n");
        assertThat(answer.headers().firstValue("location")).as(path).isEmpty();
      }
      // a miss is not remembered
      Files.writeString(dir.resolve("late.txt"), "late");
      assertThat(send(gateway.port(), "GET", "/late.txt").body()).isEqualTo("late");

      HttpResponse<String> post = send(gateway.port(), "POST", "/late.txt");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
      assertThat(post.body()).isEqualTo("method not allowed\n");
    }
  }

  @Test
  void encodedDotsSlashesAndBackslashesAreBadPaths(@TempDir Path dir) throws Exception {
    Path pub = Files.createDirectories(dir.resolve("pub"));
    Files.writeString(Files.createDirectories(pub.resolve("sub")).resolve("page.txt"), "page");
    Files.writeString(dir.resolve("secret.txt"), "the secret key");
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(pub.toString()))) {
      for (String target : List.of("/%2e%2e/secret.txt", "/sub/%2E%2E/%2e%2e/secret.txt",
          "/.%2e/secret.txt", "/%2f../secret.txt", "/sub%2f..%2f..%2fsecret.txt",
          "/sub/..\\..\\secret.txt", "/sub\\page.txt", "//secret.txt", "/sub//page.txt",
          "/sub/%70age.txt")) {
        String answer = rawAnswer(gateway.port(), target);
        assertThat(answer).as(target).startsWith("HTTP/1.1 400").endsWith("\r\n\r\nbad path\n")
            .doesNotContain("secret key");
        assertThat(answer.toLowerCase(Locale.ROOT)).as(target)
            .contains("content-type: text/plain");
      }
      assertThat(rawAnswer(gateway.port(), "/./sub/./page.txt")).endsWith("\r\n\r\npage");
      assertThat(gateway.counter("connections")).isZero();
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
