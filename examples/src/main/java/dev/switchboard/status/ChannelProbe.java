package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks that a channel server listens at an address before a status tool talks to it: it sends
 * a {@code status} request and expects a channel frame within the bound: the {@code status}
 * answer, or an {@code error} ({@code AUTH_REQUIRED} on a server with a token). Not a ping: a
 * server answers no ping before a first request from an address that may speak PHP. Anything
 * else (an HTTP server's answer, a close, silence) is one line saying that this is not a
 * Switchboard channel server, or that it speaks TLS when it does ({@link ProbeTls}). With TLS, the
 * request goes over a TLS connection, the server's certificate checked.
 *
 * <p>Threading: blocking; the tool's main thread.
 */
final class ChannelProbe {

  /** The largest answer accepted, bytes: a node's status is a few kilobytes. */
  private static final int MAX_ANSWER = 1 << 20;
  private static final byte[] STATUS = "{\"type\":\"status\"}".getBytes(StandardCharsets.UTF_8);

  private ChannelProbe() {
  }

  /**
   * @param server  the address
   * @param timeout the bound of the connection and of the answer
   * @param tls     TLS as the tool connects with it, or null for none
   * @throws StatusException when no channel server answers there
   */
  static void check(Address server, Duration timeout, ProbeTls tls) throws StatusException {
    int bound = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (Socket plain = new Socket()) {
      try {
        plain.connect(new InetSocketAddress(server.host(), server.port()), bound);
      } catch (SocketTimeoutException e) {
        throw new StatusException("no connection to " + server + " within "
            + timeout.toMillis() / 1000.0 + " s");
      }
      plain.setSoTimeout(bound);
      Socket socket = tls == null ? plain : tls.handshake(plain, server);
      socket.getOutputStream().write(ByteBuffer.allocate(4 + STATUS.length)
          .putInt(4 + STATUS.length).put(STATUS).array());
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readInt();
      if (length <= 4 || length > MAX_ANSWER) {
        throw notChannel(server, "its answer to a status request is not a channel frame", tls,
            timeout);
      }
      byte[] payload = new byte[length - 4];
      in.readFully(payload);
      JsonObject answer;
      try {
        answer = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw notChannel(server, "its answer to a status request is not JSON");
      }
      String type = answer.getString("type");
      if (!"status".equals(type) && !"error".equals(type)) {
        throw notChannel(server, "it answered a status request with " + type);
      }
    } catch (SocketTimeoutException e) {
      throw notChannel(server, "no answer to a status request within " + timeout.toMillis() / 1000.0 + " s");
    } catch (ConnectException e) {
      throw new StatusException("nothing listens at " + server + " (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw notChannel(server, "it closed the connection instead of answering a status request",
          tls, timeout);
    } catch (IOException e) {
      throw notChannel(server, e.toString());
    }
  }

  /**
   * @return the failure: without TLS, to a server that speaks TLS, the line says so
   */
  private static StatusException notChannel(Address server, String why, ProbeTls tls,
      Duration timeout) {
    if (tls == null && ProbeTls.speaksTls(server, timeout)) {
      return new StatusException(server + " speaks TLS (a channel server with ssl on): add"
          + " --tls, and --ca with the CA of its certificate");
    }
    return notChannel(server, why);
  }

  private static StatusException notChannel(Address server, String why) {
    return new StatusException("this is not a Switchboard channel server at " + server + ": "
        + why);
  }
}
