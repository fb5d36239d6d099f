package dev.switchboard.channel.server;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A client written against the wire format alone, with a blocking socket: sends arbitrary bytes
 * and reads frames. Every read is bounded by a socket timeout.
 */
final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    this(port, 0);
  }

  /**
   * @param receiveBuffer the socket receive buffer in bytes, 0 for the OS default
   */
  RawClient(int port, int receiveBuffer) throws IOException {
    this(null, port, receiveBuffer);
  }

  /**
   * @param localAddress the source address (any of 127.0.0.0/8 on loopback), or null
   */
  RawClient(String localAddress, int port) throws IOException {
    this(localAddress, port, 0);
  }

  private RawClient(String localAddress, int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (localAddress != null) {
      socket.bind(new java.net.InetSocketAddress(localAddress, 0));
    }
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  int localPort() {
    return socket.getLocalPort();
  }

  static byte[] frame(String payload) {
    return frame(payload.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
  }

  RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  RawClient send(JsonObject message) throws IOException {
    return send(frame(message.encode()));
  }

  /** The next frame's payload as JSON (an empty payload is returned as an empty object). */
  JsonObject read() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return body.length == 0 ? new JsonObject() : new JsonObject(new String(body,
        StandardCharsets.UTF_8));
  }

  /** The next frame's payload, as bytes. */
  byte[] readPayload() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return body;
  }

  /** Whether the server closes the connection, within the socket timeout, without a byte before. */
  boolean closedWithoutAFrame() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** Whether the server closes the connection within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() != -1) {
        // drain whatever came before the close
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
