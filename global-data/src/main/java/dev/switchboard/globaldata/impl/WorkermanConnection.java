package dev.switchboard.globaldata.impl;

import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.Framing;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * One PHP client's connection to the Workerman listener. Requests are served one at a time, in
 * the order they arrive: reading stops while a command runs and while its answer waits for the
 * client to read, so a pipelining client gets one answer per request, in order, and sees each of
 * its writes in its next read; what a connection holds is bounded by one frame. The raw {@code
 * ping} payload is a keepalive without an answer.
 *
 * <p>Endings: a request Workerman's server refuses gets Workerman's answer ({@code bad request},
 * {@code bad cmd X}) and the connection closes after it; a frame over the size limit or with a
 * length below 4 closes it without an answer (Workerman's server destroys the connection on an
 * oversize frame); a command that fails (the cluster's errors, a value GlobalData cannot store)
 * closes it without an answer, so the PHP client throws {@code readFromRemote fail} instead of
 * reading a value nobody stored. Each is counted and logged (rate-limited).
 *
 * <p>Threading: all methods on the connection's context, except {@link #closeIfSilent}.
 */
final class WorkermanConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WorkermanConnection.class);

  private final long id;
  private final NetSocket socket;
  private final String remoteHost;
  private final Context context;
  private final WorkermanListener listener;
  private final FrameParser parser;
  private volatile long lastSeen = System.currentTimeMillis();
  private boolean closed;

  WorkermanConnection(long id, NetSocket socket, WorkermanListener listener) {
    this.id = id;
    this.socket = socket;
    this.remoteHost = socket.remoteAddress().hostAddress();
    this.context = Vertx.currentContext();
    this.listener = listener;
    this.parser = new FrameParser(listener.maxFrameSize(), this::onFrame, this::onBadFrame);
  }

  /** @return the remote host address, as admitted */
  String remoteHost() {
    return remoteHost;
  }

  void start() {
    LOG.debug("GlobalData Workerman connection={} from {} opened", id, socket.remoteAddress());
    socket.handler(chunk -> {
      lastSeen = System.currentTimeMillis();
      parser.handle(chunk);
    });
    socket.closeHandler(v -> {
      closed = true;
      LOG.debug("GlobalData Workerman connection={} closed", id);
      listener.closed(this);
    });
    socket.exceptionHandler(e -> LOG.debug("GlobalData Workerman connection={} failed", id, e));
  }

  private void onFrame(Buffer payload) {
    if (closed) {
      return;
    }
    if (payload.length() == WorkermanRequest.PING.length()
        && WorkermanRequest.PING.equals(payload.toString())) {
      return;
    }
    WorkermanRequest request;
    try {
      request = WorkermanRequest.parse(payload, listener.maxKeyLength());
    } catch (WorkermanRequest.Refused refused) {
      listener.counters().badRequest(refused.reason());
      listener.clientLog().warn("GlobalData Workerman connection={} from {}: bad request ({}), "
          + "answered {} and closed", id, remoteHost, refused.getMessage(),
          refused.answer().toString());
      end(refused.answer());
      return;
    }
    // one request at a time: the next is read once this one is answered
    parser.pause();
    socket.pause();
    listener.commands().run(request, context).onComplete(ar -> answered(request, ar));
  }

  private void answered(WorkermanRequest request, AsyncResult<Buffer> ar) {
    if (closed) {
      return;
    }
    lastSeen = System.currentTimeMillis();
    if (ar.failed()) {
      listener.counters().failure();
      listener.clientLog().warn("GlobalData Workerman connection={} from {}: {} failed, closed "
          + "without an answer: {}", id, remoteHost, request.cmd(), ar.cause().getMessage());
      closed = true;
      socket.close();
      return;
    }
    socket.write(Framing.frame(ar.result()));
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> readOn());
    } else {
      readOn();
    }
  }

  private void readOn() {
    if (!closed) {
      socket.resume();
      parser.resume();
    }
  }

  private void onBadFrame(FrameException e) {
    String reason = e.reason().name().toLowerCase(Locale.ROOT);
    listener.counters().badRequest(reason);
    listener.clientLog().warn("GlobalData Workerman connection={} from {}: {}, closed without "
        + "an answer", id, remoteHost, e.getMessage());
    closed = true;
    socket.close();
  }

  /** Writes Workerman's closing answer, then closes. */
  private void end(Buffer answer) {
    closed = true;
    parser.pause();
    socket.end(Framing.frame(answer));
  }

  /**
   * Closes the connection if it stayed silent past the idle timeout; may be called from any
   * thread.
   *
   * @param now     the current time in milliseconds
   * @param timeout the idle timeout in milliseconds
   */
  void closeIfSilent(long now, long timeout) {
    if (now - lastSeen > timeout) {
      context.runOnContext(v -> {
        if (!closed && System.currentTimeMillis() - lastSeen > timeout) {
          closed = true;
          listener.counters().idleClose();
          LOG.debug("GlobalData Workerman connection={} silent past workermanIdleTimeout; "
              + "closed", id);
          socket.close();
        }
      });
    }
  }
}
