package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every protocol: each closes only the offending connection, with a clear reason
 * (a last message or a close frame, a log line, a counter), and the gateway goes on serving
 * others.
 */
class BadInputIT {

  private static final int MAX = 1024;

  private GatewayHarness gateway;
  private Recorder recorder;

  @BeforeEach
  void start() {
    gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX));
    recorder = gateway.recorder;
    Clients.echo(gateway);
  }

  @AfterEach
  void stop() throws Exception {
    Clients.assertServing(gateway);
    recorder.closeCounts().values().forEach(count -> assertThat(count.get()).isEqualTo(1));
    gateway.close();
  }

  private static String notice(String reason) {
    return new JsonObject().put("type", "close").put("reason", reason).encode();
  }

  private void assertClosedFor(CloseReason reason) throws Exception {
    Connection connection = recorder.nextClosed();
    assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(reason);
    assertThat(recorder.closeCount(connection.id())).isEqualTo(1);
  }

  @Test
  void oversizeFrameIsRefusedWithReasonTooLarge() throws Exception {
    try (RawSocket client = new RawSocket(gateway.framePort())) {
      client.send(ByteBuffer.allocate(8).putInt(MAX + 1).putInt(0).array());
      assertThat(client.readFrame()).isEqualTo(notice("too_large"));
      assertThat(client.readToEnd()).isEmpty();
    }
    assertClosedFor(CloseReason.TOO_LARGE);
    assertThat(gateway.counter("tooLarge")).isEqualTo(1);
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void frameExactlyAtTheMaxIsDelivered() throws Exception {
    String payload = "m".repeat(MAX - 4);
    try (RawSocket client = new RawSocket(gateway.framePort())) {
      assertThat(client.sendFrame(payload).readFrame()).isEqualTo(payload);
    }
    assertClosedFor(CloseReason.PEER);
  }

  @Test
  void frameLengthBelowFourIsAProtocolError() throws Exception {
    try (RawSocket client = new RawSocket(gateway.framePort())) {
      client.send(new byte[] {0, 0, 0, 1});
      assertThat(client.readFrame()).isEqualTo(notice("protocol_error"));
      assertThat(client.readToEnd()).isEmpty();
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(1);
  }

  @Test
  void truncatedFrameThenDisconnectDeliversNothing() throws Exception {
    try (RawSocket client = new RawSocket(gateway.framePort())) {
      client.sendFrame("whole");
      assertThat(client.readFrame()).isEqualTo("whole");
      client.send(ByteBuffer.allocate(14).putInt(100).put("only ten b".getBytes(
          StandardCharsets.US_ASCII)).array());
    }
    assertClosedFor(CloseReason.PEER);
    assertThat(recorder.drainMessages()).containsExactly("whole");
    assertThat(gateway.counter("totalRequest")).isEqualTo(1);
  }

  @Test
  void binaryJunkOnTheFramePortIsRefused() throws Exception {
    try (RawSocket client = new RawSocket(gateway.framePort())) {
      client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.readFrame()).isEqualTo(notice("too_large")); // "GET " as a length
      assertThat(client.readToEnd()).isEmpty();
    }
    assertClosedFor(CloseReason.TOO_LARGE);
  }

  @Test
  void textLineWithoutNewlinePastTheMaxIsRefused() throws Exception {
    try (RawSocket client = new RawSocket(gateway.textPort())) {
      client.sendLine("short");
      assertThat(client.readLine()).isEqualTo("short");
      client.send("t".repeat(MAX).getBytes(StandardCharsets.US_ASCII));
      assertThat(client.readLine()).isEqualTo(notice("too_large"));
      assertThat(client.readToEnd()).isEmpty();
    }
    assertClosedFor(CloseReason.TOO_LARGE);
    assertThat(gateway.counter("tooLarge")).isEqualTo(1);
  }

  @Test
  void binaryJunkWithNewlinesOnTheTextPortIsJustLines() throws Exception {
    try (RawSocket client = new RawSocket(gateway.textPort())) {
      client.send(new byte[] {1, 2, (byte) 0xff, '\n'});
      assertThat(client.readLine()).isEqualTo(new String(new byte[] {1, 2, (byte) 0xff},
          StandardCharsets.UTF_8));
    }
    assertClosedFor(CloseReason.PEER);
  }

  @Test
  void oversizeWebSocketFrameIsClosedWith1009() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      socket.getOutputStream().write(Clients.maskedFrame(0x1, new byte[MAX + 1]));
      assertThat(Clients.closeStatus(socket)).isEqualTo(1009);
    }
    assertClosedFor(CloseReason.TOO_LARGE);
  }

  @Test
  void oversizeFragmentedWebSocketMessageIsClosedWith1009() throws Exception {
    // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
    WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient();
    ClientWebSocket ws = wsClient.webSocket();
    Promise<Void> closed = Promise.promise();
    ws.closeHandler(closed::complete);
    Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
    byte[] part = "f".repeat(MAX / 2 + 1).getBytes(StandardCharsets.US_ASCII);
    ws.writeFrame(WebSocketFrame.textFrame(new String(part, StandardCharsets.US_ASCII), false));
    ws.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(part), true));
    Await.result(closed.future());
    assertThat(ws.closeStatusCode()).isEqualTo((short) 1009);
    assertClosedFor(CloseReason.TOO_LARGE);
    Await.result(wsClient.close());
  }

  @Test
  void fragmentedWebSocketMessageOneByteOverTheMaxIsClosedWith1009() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(false, 0x1, new byte[MAX / 2]));
      out.write(Clients.maskedFrame(false, 0x0, new byte[MAX / 2]));
      out.write(Clients.maskedFrame(true, 0x0, new byte[1]));
      assertThat(Clients.closeStatus(socket)).isEqualTo(1009);
    }
    assertClosedFor(CloseReason.TOO_LARGE);
    assertThat(gateway.counter("tooLarge")).isEqualTo(1);
    assertThat(gateway.counter("protocolErrors")).isZero();
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void continuationWithoutAFirstFrameIsAProtocolError() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(0x1, "whole".getBytes(StandardCharsets.US_ASCII)));
      out.write(Clients.maskedFrame(true, 0x0, "stray".getBytes(StandardCharsets.US_ASCII)));
      assertThat(Clients.readFrame(socket.getInputStream()).text()).isEqualTo("whole");
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(1);
    assertThat(recorder.nextMessage()).isEqualTo("whole");
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void messageBegunInsideAFragmentedOneIsAProtocolError() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(false, 0x1, "begun ".getBytes(StandardCharsets.US_ASCII)));
      out.write(Clients.maskedFrame(true, 0x1, "another".getBytes(StandardCharsets.US_ASCII)));
      out.write(Clients.maskedFrame(true, 0x0, "end".getBytes(StandardCharsets.US_ASCII)));
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(1);
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void invalidWebSocketFramesAreProtocolErrors() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      socket.getOutputStream().write(Clients.maskedFrame(0x3, new byte[] {1, 2, 3})); // reserved opcode
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) 0x81, 3, 'a', 'b', 'c'}); // a client frame must be masked
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(2);
  }

  @Test
  void badWebSocketHandshakesAreRefused() throws Exception {
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          .replace("Version: 13", "Version: 8"));
      assertThat(response).startsWith("HTTP/1.1 426").containsIgnoringCase(
          "sec-websocket-version: 13\r\n");
    }
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          .replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""));
      assertThat(response).startsWith("HTTP/1.1 400");
    }
    assertThat(gateway.counter("protocolErrors")).isEqualTo(2);
    assertThat(gateway.counter("connections")).isZero();
    Clients.assertServing(gateway);
  }

  @Test
  void handshakeThatIsNotAGetOrLacksConnectionUpgradeIsRefused() throws Exception {
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), "POST",
          Clients.UPGRADE_HEADERS + "Content-Length: 0\r\n");
      assertThat(response).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: GET\r\n");
    }
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          .replace("Connection: Upgrade\r\n", ""));
      assertThat(response).startsWith("HTTP/1.1 400");
    }
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          .replace("Connection: Upgrade", "Connection: close"));
      assertThat(response).startsWith("HTTP/1.1 400");
    }
    // as Firefox sends it: a list of tokens
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          .replace("Connection: Upgrade", "Connection: keep-alive, Upgrade"));
      assertThat(response).startsWith("HTTP/1.1 101");
    }
    assertThat(gateway.counter("protocolErrors")).isEqualTo(3);
    assertThat(gateway.counter("connectionsTotal")).isEqualTo(1);
  }

  @Test
  void aCompressionOfferIsDeclinedAsBrowsersMakeIt() throws Exception {
    // every browser offers permessage-deflate; the 101 must not accept it, or the browser sends
    // compressed frames the gateway takes for a protocol error
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), Clients.UPGRADE_HEADERS
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
      assertThat(response).startsWith("HTTP/1.1 101")
          .doesNotContainIgnoringCase("sec-websocket-extensions");
    }
    Clients.assertServing(gateway);
  }

  @Test
  void plainHttpOnTheWebSocketPathGets400AndUnknownPaths404() {
    assertThat(gateway.get("/")).contains("WebSocket upgrade expected");
    assertThat(gateway.get("/nowhere")).contains("not found");
  }
}
