package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client on a raw socket that sends exactly the bytes a test asks for: frames with any
 * FIN, RSV and opcode bits, masked with a random key (or not masked at all), and reads the
 * server's frames one by one. The handshake is {@link Clients#rawWebSocket}'s; every read is
 * bounded by its socket timeout.
 */
final class RawWebSocket implements AutoCloseable {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  static final int FIN = 0x80;
  /** No close code in the close frame (RFC 6455 7.1.5). */
  static final int NO_STATUS = 1005;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String response;

  private RawWebSocket(Socket socket, String response) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
    this.response = response;
  }

  /** Connects and does the opening handshake. */
  static RawWebSocket connect(int port) throws IOException {
    return new RawWebSocket(Clients.rawWebSocket(port), null);
  }

  /**
   * Connects and does the opening handshake with these extra header lines (each ended by CRLF),
   * which must be answered with 101.
   */
  static RawWebSocket connect(int port, String extraHeaders) throws IOException {
    Socket socket = new Socket();
    String response = Clients.handshake(socket, port, extraHeaders);
    assertThat(response).startsWith("HTTP/1.1 101");
    return new RawWebSocket(socket, response);
  }

  /** @return the handshake response's status line and headers ({@link #connect(int, String)}) */
  String response() {
    return response;
  }

  /**
   * A client frame.
   *
   * @param head    the first byte: FIN, RSV1-3 and the opcode, as they go on the wire
   * @param payload the payload, unmasked
   * @param masked  whether to mask it (with a random non-zero key) as clients must
   * @return the frame's bytes, the length in its shortest form
   */
  static byte[] frame(int head, byte[] payload, boolean masked) {
    ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
    frame.put((byte) head);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.put((byte) (maskBit | payload.length));
    } else if (payload.length < 65536) {
      frame.put((byte) (maskBit | 126)).putShort((short) payload.length);
    } else {
      frame.put((byte) (maskBit | 127)).putLong(payload.length);
    }
    if (masked) {
      byte[] key = new byte[4];
      while (key[0] == 0) { // a zero byte would leave that part of the payload as it is
        ThreadLocalRandom.current().nextBytes(key);
      }
      frame.put(key);
      for (int i = 0; i < payload.length; i++) {
        frame.put((byte) (payload[i] ^ key[i & 3]));
      }
    } else {
      frame.put(payload);
    }
    byte[] bytes = new byte[frame.position()];
    frame.flip().get(bytes);
    return bytes;
  }

  /** A masked frame: FIN when {@code fin}, the opcode, no RSV bit. */
  static byte[] frame(boolean fin, int opcode, byte[] payload) {
    return frame((fin ? FIN : 0) | opcode, payload, true);
  }

  /** A masked close frame with this code and reason (as bytes, which may be invalid UTF-8). */
  static byte[] closeFrame(int code, byte[] reason) {
    return frame(true, CLOSE, ByteBuffer.allocate(2 + reason.length).putShort((short) code)
        .put(reason).array());
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes given as unsigned ints, for byte sequences that are no valid text. */
  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /** Concatenates byte arrays. */
  static byte[] join(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  /** Sends these bytes as they are, in one write. */
  RawWebSocket send(byte[]... frames) throws IOException {
    out.write(join(frames));
    out.flush();
    return this;
  }

  /**
   * @return the server's next frame; fails at the end of the stream
   */
  Clients.ServerFrame read() throws IOException {
    Clients.ServerFrame frame = Clients.readFrame(in);
    assertThat(frame).as("a frame from the server").isNotNull();
    return frame;
  }

  /**
   * Reads the server's frames up to its close frame, answers it with a close frame as a client
   * does, then waits for the server to close the TCP connection.
   *
   * @return the close frame's code ({@link #NO_STATUS} for an empty one) and the data frames read
   *     before it
   */
  Closing awaitClose() throws IOException {
    List<Clients.ServerFrame> before = new ArrayList<>();
    Clients.ServerFrame frame;
    while ((frame = Clients.readFrame(in)) != null && frame.opcode() != CLOSE) {
      before.add(frame);
    }
    assertThat(frame).as("a close frame from the server, after " + before.size() + " frames")
        .isNotNull();
    byte[] payload = frame.payload();
    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : NO_STATUS;
    try {
      send(frame(true, CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]}
          : new byte[0]));
    } catch (IOException gone) {
      // the server may have closed already after a frame it could not read on from
    }
    assertThat(readsToEnd()).as("the server closes the connection after its close frame")
        .isTrue();
    return new Closing(code, new String(payload, Math.min(2, payload.length),
        Math.max(0, payload.length - 2), StandardCharsets.UTF_8), before);
  }

  /**
   * @return true when the server closed the connection and sent nothing more (bounded by the
   *     socket timeout, which fails)
   */
  private boolean readsToEnd() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException reset) {
      return true; // a reset is an end too
    }
  }

  /** The server's close: its code, its reason, and the frames that came before it. */
  record Closing(int code, String reason, List<Clients.ServerFrame> before) {
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
