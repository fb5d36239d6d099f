package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A blocking TCP client that speaks bytes: for the frame and text protocols, for stalled
 * readers (it reads only when asked) and for junk. Every read is bounded by a socket timeout.
 */
final class RawSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawSocket(int port) throws IOException {
    this(port, 0);
  }

  /**
   * @param receiveBuffer the socket receive buffer in bytes, 0 for the OS default
   */
  RawSocket(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  static byte[] frame(String payload) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
  }

  RawSocket send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  RawSocket sendFrame(String payload) throws IOException {
    return send(frame(payload));
  }

  RawSocket sendLine(String line) throws IOException {
    return send((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the next frame's payload
   */
  String readFrame() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * @return the next line, without its newline
   */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("end of stream inside a line");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /**
   * Reads until the server closes the connection.
   *
   * @return the bytes read before the end
   */
  byte[] readToEnd() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        all.write(chunk, 0, n);
      }
    } catch (SocketException reset) {
      // a reset is an end too
    }
    return all.toByteArray();
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
