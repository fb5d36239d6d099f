package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway over {@code maxConnections} sheds new clients with a reason they can see and react
 * to, instead of resetting them (found by the reconnect-storm benchmark): a WebSocket handshake
 * gets {@code 101} then close 1013 {@code too_many_connections}, another HTTP request {@code 503}
 * with {@code Retry-After}, a TCP client the protocol's close message; the connections already
 * open are not disturbed; {@code refused} and {@code shed} count them; beyond the shedding
 * headroom a connection is reset, so that shedding itself stays bounded.
 */
class SheddingIT {

  /** The close frame of a shed WebSocket: 1013 and the reason. */
  static final String SHED_CLOSE = "1013 too_many_connections";

  @Test
  void clientsOverTheLimitAreToldWhyAndOpenConnectionsAreUnaffected() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnections(2))) {
      Clients.echo(gateway);
      WebSocket first = gateway.webSocket();
      gateway.recorder.nextConnection();
      try (RawSocket second = new RawSocket(gateway.framePort())) {
        gateway.recorder.nextConnection();

        // a WebSocket client (the Vert.x one, as a browser would) sees the close code and reason
        assertThat(shedWebSocket(gateway)).isEqualTo(SHED_CLOSE);
        // a raw handshake: 101, then the close frame, then the end of the stream
        try (Socket raw = new Socket()) {
          assertThat(Clients.handshake(raw, gateway.port(), "")).startsWith("HTTP/1.1 101");
          assertThat(closeFrame(raw.getInputStream())).isEqualTo(SHED_CLOSE);
        }
        // another HTTP request: 503, Retry-After, a short reason
        try (Socket raw = new Socket()) {
          String head = Clients.request(raw, gateway.port(), "GET", "/status", "");
          assertThat(head).startsWith("HTTP/1.1 503")
              .containsIgnoringCase("retry-after: 5\r\n")
              .containsIgnoringCase("connection: close");
          assertThat(new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo("too many connections\n");
        }
        // the TCP protocols: their close message, then the close
        try (RawSocket text = new RawSocket(gateway.textPort())) {
          assertThat(text.readLine()).isEqualTo(
              "{\"type\":\"close\",\"reason\":\"too_many_connections\"}");
          assertThat(text.readToEnd()).isEmpty();
        }

        // the open connections go on as before
        assertThat(second.sendFrame("still here").readFrame()).isEqualTo("still here");
        Promise<Buffer> echoed = Promise.promise();
        first.handler(echoed::tryComplete);
        first.writeTextMessage("me too");
        assertThat(Await.result(echoed.future()).toString()).isEqualTo("me too");
        assertThat(gateway.counter("refused")).isEqualTo(4);
        assertThat(gateway.counter("shed")).isEqualTo(4);
        assertThat(gateway.counter("connections")).isEqualTo(2);
        assertThat(gateway.recorder.count("CLOSE:too_many_connections")).isZero(); // never open
      }
      gateway.recorder.nextClosed();
      // below the limit again: a WebSocket is accepted
      WebSocket again = gateway.webSocket();
      gateway.recorder.nextConnection();
      assertThat(again.isClosed()).isFalse();
      Await.result(again.close());
      Await.result(first.close());
    }
  }

  @Test
  void aShedConnectionThatSendsNothingIsClosedWithinTheSheddingTimeout() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnections(1)
        .setHandshakeTimeout(120_000))) {
      Clients.echo(gateway);
      WebSocket held = gateway.webSocket();
      gateway.recorder.nextConnection();
      long start = System.nanoTime();
      try (RawSocket silent = new RawSocket(gateway.port())) {
        assertThat(silent.readToEnd()).isEmpty();
      }
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      // its own bound (2 s), far below handshakeTimeout: a shed connection cannot linger
      assertThat(tookMs).isLessThan(60_000);
      assertThat(gateway.counter("refused")).isEqualTo(1);
      assertThat(gateway.counter("shed")).isZero(); // nothing was asked, nothing answered
      assertThat(held.isClosed()).isFalse();
      Await.result(held.close());
    }
  }

  @Test
  void beyondTheSheddingHeadroomConnectionsAreResetAndTheGatewayKeepsServing() throws Exception {
    // maxConnections 1: the headroom is its minimum, 16 connections shed at a time
    int headroom = 16;
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnections(1))) {
      Clients.echo(gateway);
      WebSocket held = gateway.webSocket();
      gateway.recorder.nextConnection();
      List<RawSocket> silent = new ArrayList<>();
      try {
        // silent sockets hold the headroom's places (each until the shedding timeout); the
        // listener accepts in connect order, so they are all counted before the next one
        for (int i = 0; i < headroom; i++) {
          silent.add(new RawSocket(gateway.port()));
        }
        // one more is reset at its accept: no answer at all, even to a whole handshake
        try (Socket raw = new Socket()) {
          assertThat(answerTo(raw, gateway.port())).isEmpty();
        }
        // the headroom is the verticle's, shared by its listeners: a TCP client gets no notice
        try (RawSocket frame = new RawSocket(gateway.framePort())) {
          assertThat(frame.readToEnd()).isEmpty();
        }
        Await.condition(gateway.vertx, 20, () -> gateway.vertx.executeBlocking(() ->
            gateway.counter("refused") == headroom + 2));
        assertThat(gateway.counter("shed")).isZero();
      } finally {
        for (RawSocket socket : silent) {
          socket.close();
        }
      }
      // once their places are back, clients over the limit are told why again
      Await.result(Await.until(gateway.vertx, 20, java.time.Duration.ofSeconds(30), () ->
          gateway.clientVertx.executeBlocking(() -> {
            try (Socket raw = new Socket()) {
              return Clients.handshake(raw, gateway.port(), "").startsWith("HTTP/1.1 101")
                  && SHED_CLOSE.equals(closeFrame(raw.getInputStream()));
            }
          }).otherwise(false)));
      assertThat(gateway.counter("shed")).isPositive();
      assertThat(held.isClosed()).isFalse();
      Await.result(held.close());
    }
  }

  /**
   * Connects a Vert.x WebSocket client over the limit.
   *
   * @return the close code and reason it saw
   */
  static String shedWebSocket(GatewayHarness gateway) {
    WebSocketClient client = gateway.clientVertx.createWebSocketClient();
    try {
      WebSocket ws = Await.result(client.connect(gateway.port(), "127.0.0.1", "/"));
      Await.condition(gateway.clientVertx, 10, () -> Future.succeededFuture(ws.isClosed()));
      return ws.closeStatusCode() + " " + ws.closeReason();
    } finally {
      Await.result(client.close());
    }
  }

  /**
   * Sends a WebSocket handshake and reads what comes back.
   *
   * @return the answer, empty when the connection was closed or reset without one
   */
  private static String answerTo(Socket socket, int port) {
    try {
      return Clients.handshake(socket, port, "");
    } catch (java.io.IOException reset) {
      return "";
    }
  }

  /** @return the status code and reason of the close frame a raw WebSocket reads */
  static String closeFrame(InputStream in) throws java.io.IOException {
    Clients.ServerFrame frame;
    while ((frame = Clients.readFrame(in)) != null) {
      if (frame.opcode() == 0x8) {
        byte[] p = frame.payload();
        return (((p[0] & 0xff) << 8) | (p[1] & 0xff)) + " "
            + new String(p, 2, p.length - 2, StandardCharsets.UTF_8);
      }
    }
    return "none";
  }
}
