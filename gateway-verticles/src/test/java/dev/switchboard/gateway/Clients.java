package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the gateway tests. */
final class Clients {

  private Clients() {
  }

  /**
   * Echoes every message back on the connection that sent it (the test's handler behaviour).
   */
  static void echo(GatewayHarness gateway) {
    gateway.recorder.onMessage = (connection, message) -> connection.send(message);
  }

  /**
   * A round trip on each protocol: the gateway still serves new clients (needs {@link #echo}).
   */
  static void assertServing(GatewayHarness gateway) throws Exception {
    try (RawSocket frame = new RawSocket(gateway.framePort());
        RawSocket text = new RawSocket(gateway.textPort())) {
      assertThat(frame.sendFrame("frame ok").readFrame()).isEqualTo("frame ok");
      assertThat(text.sendLine("text ok").readLine()).isEqualTo("text ok");
    }
    WebSocket ws = gateway.webSocket();
    Promise<Buffer> echoed = Promise.promise();
    ws.handler(echoed::tryComplete);
    ws.writeTextMessage("ws ok");
    assertThat(Await.result(echoed.future()).toString()).isEqualTo("ws ok");
    Await.result(ws.close());
  }

  /**
   * A WebSocket handshake by hand, for sending frames no well-behaved client would.
   *
   * @return the socket, upgraded
   */
  static Socket rawWebSocket(int port) throws IOException {
    return rawWebSocket(port, 0);
  }

  /**
   * A WebSocket handshake by hand on a socket with this receive buffer (0: the OS default), set
   * before connecting so that a client that stops reading stalls the server soon.
   *
   * @return the socket, upgraded
   */
  static Socket rawWebSocket(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    String response = handshake(socket, port, "");
    assertThat(response).startsWith("HTTP/1.1 101")
        .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
    return socket;
  }

  /**
   * A WebSocket handshake by hand to a request target (path and query).
   *
   * @return the socket, upgraded
   */
  static Socket rawWebSocketTo(int port, String target) throws IOException {
    Socket socket = new Socket();
    String response = request(socket, port, "GET", target, UPGRADE_HEADERS);
    assertThat(response).startsWith("HTTP/1.1 101");
    return socket;
  }

  /** The header lines of a valid WebSocket handshake request (the key is RFC 6455's example). */
  static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

  /**
   * Sends a WebSocket handshake request with extra header lines (each ended by CRLF).
   *
   * @return the response's status line and headers
   */
  static String handshake(Socket socket, int port, String extraHeaders) throws IOException {
    return request(socket, port, UPGRADE_HEADERS + extraHeaders);
  }

  /**
   * Sends {@code GET /} with these header lines (each ended by CRLF) besides {@code Host}.
   *
   * @return the response's status line and headers
   */
  static String request(Socket socket, int port, String headers) throws IOException {
    return request(socket, port, "GET", headers);
  }

  /**
   * Sends {@code <method> /} with these header lines (each ended by CRLF) besides {@code Host}.
   *
   * @return the response's status line and headers
   */
  static String request(Socket socket, int port, String method, String headers)
      throws IOException {
    return request(socket, port, method, "/", headers);
  }

  /**
   * Sends {@code <method> <target>} with these header lines (each ended by CRLF) besides
   * {@code Host}.
   *
   * @return the response's status line and headers
   */
  static String request(Socket socket, int port, String method, String target, String headers)
      throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /**
   * A plain HTTP request on 127.0.0.1, without body.
   *
   * @param headers header names and values, alternating
   * @return the answer, whatever its status
   */
  static java.net.http.HttpResponse<String> http(int port, String method, String path,
      String... headers) throws IOException, InterruptedException {
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + path))
        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
        .timeout(java.time.Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return java.net.http.HttpClient.newHttpClient().send(request.build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /**
   * @return the body of a plain HTTP GET on 127.0.0.1, which must answer 200
   */
  static String httpGet(int port, String path) throws IOException, InterruptedException {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .timeout(java.time.Duration.ofSeconds(20)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /**
   * Reads a WebSocket until the server closes; returns the status code of its close frame, or -1
   * when none came.
   */
  static int closeStatus(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ServerFrame frame;
    while ((frame = readFrame(in)) != null) {
      if (frame.opcode() == 0x8) {
        byte[] payload = frame.payload();
        return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
      }
    }
    return -1;
  }


  /** A client frame: FIN, the opcode, a mask (all zero bytes, so the payload stays readable). */
  static byte[] maskedFrame(int opcode, byte[] payload) {
    return maskedFrame(true, opcode, payload);
  }

  /**
   * A client frame, a fragment when {@code fin} is false: the opcode (0 for a continuation), a
   * mask (all zero bytes, so the payload stays readable).
   */
  static byte[] maskedFrame(boolean fin, int opcode, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
    frame.put((byte) ((fin ? 0x80 : 0) | opcode));
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    frame.putInt(0).put(payload);
    byte[] bytes = new byte[frame.position()];
    frame.flip().get(bytes);
    return bytes;
  }

  /** A frame the server sent: its opcode and payload. */
  record ServerFrame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads one frame the server sent (unmasked) from a raw WebSocket.
   *
   * @return the frame, or null at the end of the stream
   */
  static ServerFrame readFrame(InputStream in) throws IOException {
    int first = in.read();
    int second = in.read();
    if (first < 0 || second < 0) {
      return null;
    }
    long length = second & 0x7f;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      return null;
    }
    return new ServerFrame(first & 0x0f, payload);
  }
}
