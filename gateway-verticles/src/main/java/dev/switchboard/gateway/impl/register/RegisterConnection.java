package dev.switchboard.gateway.impl.register;

import dev.switchboard.core.internal.LineParser;
import dev.switchboard.core.internal.LogSafe;
import dev.switchboard.core.internal.StrictJson;
import dev.switchboard.gateway.RegisterOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One connection to the Register: GatewayWorker's text protocol, a JSON object per line.
 * {@code worker_connect} (with {@code secret_key} when the Register has one) registers it as a
 * worker, which gets the address list now and whenever it changes; {@code ping} keeps a worker's
 * connection alive. Anything else closes it with a last line {@code {"event":"error","reason":...}}
 * and a logged reason: a line that is not a JSON object with an {@code event}, an over-long line,
 * a wrong secret, {@code gateway_connect} (Switchboard's gateway nodes register through the
 * cluster, not here), an unknown event, a {@code ping} before {@code worker_connect}.
 *
 * <p>Threading: on the Register's context.
 */
final class RegisterConnection {

  private final Vertx vertx;
  private final NetSocket socket;
  private final RegisterOptions options;
  private final RegisterServer server;
  private long timer;
  private boolean worker;
  private boolean closed;

  RegisterConnection(Vertx vertx, NetSocket socket, RegisterOptions options,
      RegisterServer server) {
    this.vertx = vertx;
    this.socket = socket;
    this.options = options;
    this.server = server;
    LineParser lines = new LineParser(options.getMaxLineSize(), this::line,
        error -> close("line longer than maxLineSize (" + options.getMaxLineSize() + " bytes)"));
    socket.handler(lines);
    socket.closeHandler(v -> {
      closed = true;
      vertx.cancelTimer(timer);
      server.closed(this);
    });
    socket.exceptionHandler(e -> socket.close());
    timer = vertx.setTimer(options.getAuthTimeout(),
        t -> close("no worker_connect within authTimeout (" + options.getAuthTimeout() + " ms)"));
  }

  private void line(Buffer line) {
    if (closed) {
      return;
    }
    JsonObject request;
    try {
      Object value = StrictJson.decode(line);
      if (!(value instanceof JsonObject object) || !(object.getValue("event") instanceof String)) {
        close("not a JSON object with an event: " + excerpt(line));
        return;
      }
      request = object;
    } catch (DecodeException e) {
      close("malformed JSON: " + excerpt(line));
      return;
    }
    String event = request.getString("event");
    switch (event) {
      case "worker_connect" -> workerConnect(request);
      case "ping" -> {
        if (!worker) {
          close("ping before worker_connect");
        } else {
          idle();
        }
      }
      case "gateway_connect" -> close("gateway_connect refused: Switchboard's Register lists the"
          + " cluster's gateway nodes, which register through the cluster; a Workerman Gateway"
          + " cannot join it");
      default -> close("unknown event '" + LogSafe.escape(event) + "'");
    }
  }

  private void workerConnect(JsonObject request) {
    Object key = request.getValue("secret_key");
    String expected = options.getSecretKey();
    if (!expected.isEmpty() && !(key instanceof String given && MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8)))) {
      close("worker_connect with a wrong secret_key");
      return;
    }
    idle();
    if (!worker) {
      worker = true;
      server.registered(this);
    } else {
      server.registered(this); // asked again: the list again
    }
  }

  /** A registered worker's clock starts again: idleTimeout, when set, closes a silent one. */
  private void idle() {
    vertx.cancelTimer(timer);
    timer = options.getIdleTimeout() == 0 ? -1 : vertx.setTimer(options.getIdleTimeout(),
        t -> close("idle for idleTimeout (" + options.getIdleTimeout() + " ms)"));
  }

  /** Sends a line; a worker that does not read its lines is closed, not buffered for. */
  void send(Buffer line) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      close("does not read its address lists");
      return;
    }
    socket.write(line);
  }

  /**
   * Closes the connection.
   *
   * @param reason why, told to the peer and logged; null for a plain close (shutdown)
   */
  void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timer);
    if (reason != null) {
      server.failed(this, reason);
      socket.write(new JsonObject().put("event", "error").put("reason", reason).toBuffer()
          .appendByte((byte) '\n'));
    }
    socket.close();
  }

  private static String excerpt(Buffer line) {
    String text = line.length() > 80 ? line.getString(0, 80) + "..." : line.toString();
    return LogSafe.escape(text);
  }

  @Override
  public String toString() {
    return "register connection " + socket.remoteAddress();
  }
}
