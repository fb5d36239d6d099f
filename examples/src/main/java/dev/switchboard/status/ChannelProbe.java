package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks that a channel server listens at an address before a status tool talks to it: it sends
 * the protocol's ping (an empty frame, answered before any authentication) and expects a
 * {@code pong} frame within the bound. Anything else (an HTTP server's answer, a close, silence)
 * is one line saying that this is not a Switchboard channel server.
 *
 * <p>Threading: blocking; the tool's main thread.
 */
final class ChannelProbe {

  /** The largest pong frame accepted, bytes: a pong is {@code {"type":"pong"}}. */
  private static final int MAX_PONG = 256;

  private ChannelProbe() {
  }

  /**
   * @param server  the address
   * @param timeout the bound of the connection and of the answer
   * @throws StatusException when no channel server answers there
   */
  static void check(Address server, Duration timeout) throws StatusException {
    int bound = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(server.host(), server.port()), bound);
      } catch (SocketTimeoutException e) {
        throw new StatusException("no connection to " + server + " within "
            + timeout.toMillis() / 1000.0 + " s");
      }
      socket.setSoTimeout(bound);
      socket.getOutputStream().write(new byte[] {0, 0, 0, 4});
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readInt();
      if (length <= 4 || length > MAX_PONG) {
        throw notChannel(server, "its answer to a ping is not a channel frame");
      }
      byte[] payload = new byte[length - 4];
      in.readFully(payload);
      JsonObject pong;
      try {
        pong = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw notChannel(server, "its answer to a ping is not JSON");
      }
      if (!"pong".equals(pong.getString("type"))) {
        throw notChannel(server, "it answered a ping with " + pong.getString("type"));
      }
    } catch (SocketTimeoutException e) {
      throw notChannel(server, "no answer to a ping within " + timeout.toMillis() / 1000.0 + " s");
    } catch (ConnectException e) {
      throw new StatusException("nothing listens at " + server + " (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw notChannel(server, "it closed the connection instead of answering a ping");
    } catch (IOException e) {
      throw notChannel(server, e.toString());
    }
  }

  private static StatusException notChannel(Address server, String why) {
    return new StatusException("this is not a Switchboard channel server at " + server + ": "
        + why);
  }
}
