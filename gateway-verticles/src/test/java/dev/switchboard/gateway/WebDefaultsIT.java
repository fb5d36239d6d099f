package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP port's defaults against a hostile web: another site's page cannot open a WebSocket
 * (cross-site WebSocket hijacking), handshakes that break RFC 6455 are refused, the connection
 * list is not public, and error answers are fixed texts that echo nothing of the request.
 */
class WebDefaultsIT {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?im)^content-length:\\s*(\\d+)");

  /** A request head sent as is; returns the answer's head and body (by its Content-Length). */
  private static String exchange(int port, String head) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      while (!answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        answer.write(b);
      }
      Matcher length = CONTENT_LENGTH.matcher(answer.toString(StandardCharsets.ISO_8859_1));
      if (length.find()) {
        answer.write(in.readNBytes(Integer.parseInt(length.group(1))));
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String handshake(int port, String host, String extraHeaders) throws IOException {
    return exchange(port, "GET / HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
        + Clients.UPGRADE_HEADERS + extraHeaders + "\r\n");
  }

  @Test
  void anotherSitesPageCannotOpenAWebSocketByDefault() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Clients.echo(gateway);
      int port = gateway.port();
      String host = "127.0.0.1:" + port;
      for (String foreign : List.of("http://evil.example", "null", "http://localhost:" + port,
          "https://127.0.0.1:" + port + ".evil.example", "http://127.0.0.1:" + (port + 1),
          "http://127.0.0.1:" + port + "/path", "file://")) {
        String answer = handshake(port, host, "Origin: " + foreign + "\r\n");
        assertThat(answer).as(foreign).startsWith("HTTP/1.1 403")
            .containsIgnoringCase("content-type: text/plain").endsWith("\r\n\r\norigin not allowed\n");
      }
      // the gateway's own pages, and clients that are not browsers, are accepted
      assertThat(handshake(port, host, "Origin: http://127.0.0.1:" + port + "\r\n"))
          .startsWith("HTTP/1.1 101");
      assertThat(handshake(port, host, "Origin: HTTP://127.0.0.1:" + port + "\r\n"))
          .startsWith("HTTP/1.1 101");
      assertThat(handshake(port, "example.com", "Origin: https://example.com\r\n"))
          .startsWith("HTTP/1.1 101"); // behind a proxy that terminates TLS
      assertThat(handshake(port, host, "")).startsWith("HTTP/1.1 101");
      assertThat(gateway.counter("originRefused")).isEqualTo(7);
      Clients.assertServing(gateway); // Vert.x's client sends its own origin
    }
  }

  @Test
  void allowedOriginsListsOtherSitesAndStarAcceptsAny() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setAllowedOrigins(
        List.of("https://app.example.com")))) {
      String host = "127.0.0.1:" + gateway.port();
      assertThat(handshake(gateway.port(), host, "Origin: https://APP.example.com\r\n"))
          .startsWith("HTTP/1.1 101");
      assertThat(handshake(gateway.port(), host, "Origin: https://evil.example.com\r\n"))
          .startsWith("HTTP/1.1 403");
    }
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setAllowedOrigins(List.of("*")))) {
      String host = "127.0.0.1:" + gateway.port();
      assertThat(handshake(gateway.port(), host, "Origin: null\r\n")).startsWith("HTTP/1.1 101");
      assertThat(handshake(gateway.port(), host, "Origin: http://evil.example\r\n"))
          .startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void handshakesBreakingRfc6455AreRefusedWith400() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Clients.echo(gateway);
      int port = gateway.port();
      String host = "127.0.0.1:" + port;
      assertThat(exchange(port, "GET / HTTP/1.0\r\nHost: " + host + "\r\n"
          + Clients.UPGRADE_HEADERS + "\r\n")).startsWith("HTTP/1.0 400");
      assertThat(handshake(port, null, "")).startsWith("HTTP/1.1 400");
      for (String key : List.of("abc", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZQ=!",
          "dGhlIHNhbXBsZSBub25jZTEy", "####################====")) {
        String answer = exchange(port, "GET / HTTP/1.1\r\nHost: " + host + "\r\n"
            + Clients.UPGRADE_HEADERS.replace(KEY, key) + "\r\n");
        assertThat(answer).as(key).startsWith("HTTP/1.1 400").doesNotContain(key);
      }
      assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: " + host + "\r\n"
          + Clients.UPGRADE_HEADERS + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n"))
          .startsWith("HTTP/1.1 400"); // two keys
      assertThat(gateway.counter("protocolErrors")).isEqualTo(8);
      assertThat(gateway.counter("connections")).isZero();
      Clients.assertServing(gateway);
    }
  }

  @Test
  void theConnectionListIsServedOnTheStatusListenerOnly() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Clients.echo(gateway);
      WebSocket client = gateway.webSocket();
      String id = gateway.recorder.nextConnection().id();
      String list = exchange(gateway.port(), "GET /status/connections HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(list).startsWith("HTTP/1.1 404").doesNotContain(id);
      String status = exchange(gateway.port(), "GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(status).startsWith("HTTP/1.1 200").contains("\"connections\" : 1")
          .doesNotContain(id).doesNotContain("remoteAddress");
      // the operators' listener, on its own address
      JsonArray connections = gateway.connections();
      assertThat(connections.getJsonObject(0).getString("id")).isEqualTo(id);
      Await.result(client.close());
    }
  }

  @Test
  void errorAnswersAreFixedPlainTextsThatEchoNothing() throws Exception {
    String hostile = "<script>alert(1)</script>";
    try (GatewayHarness gateway = new GatewayHarness()) {
      int port = gateway.port();
      String notFound = exchange(port, "GET /" + hostile + " HTTP/1.1\r\nHost: x\r\n\r\n");
      String version = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n" + Clients.UPGRADE_HEADERS
          .replace("Version: 13", "Version: " + hostile) + "\r\n");
      String method = exchange(port, "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
          + Clients.UPGRADE_HEADERS + "\r\n");
      String plain = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      for (String answer : List.of(notFound, version, method, plain)) {
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: text/plain")
            .contains("x-content-type-options: nosniff").doesNotContain("script");
      }
      assertThat(notFound).startsWith("HTTP/1.1 404").endsWith("\r\n\r\nnot found\n");
      assertThat(version).startsWith("HTTP/1.1 426").containsIgnoringCase(
          "sec-websocket-version: 13\r\n").endsWith("\r\n\r\nWebSocket version 13 expected\n");
      assertThat(method).startsWith("HTTP/1.1 405");
      assertThat(plain).startsWith("HTTP/1.1 400");
    }
  }
}
