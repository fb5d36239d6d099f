package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * A connection over a scripted transport, for transcript tests of what {@link ConnectionBase}
 * decides: every transport call is written to the transcript, and each write stays pending until
 * the test completes it ({@link #flush()}), as a socket whose peer reads would. The transport's
 * own close is the test's {@link #closed()} call, as a socket's close handler's.
 *
 * <p>Threading: on the context's event loop, as a real connection.
 */
class ScriptedConnection extends ConnectionBase {

  private final List<String> transcript;
  private final Queue<Promise<Void>> pendingWrites = new ArrayDeque<>();
  /** When set, the next write fails at once (the socket found closed). */
  boolean failNextWrite;

  ScriptedConnection(ConnectionHost host, Context context, String address,
      List<String> transcript) {
    super(host, context, Protocol.FRAME, SocketAddress.inetSocketAddress(40000, address));
    this.transcript = transcript;
  }

  @Override
  SendResult write(Outbound message) {
    String text = message.line().toString(StandardCharsets.UTF_8).trim();
    transcript.add("write " + text);
    Promise<Void> written = Promise.promise();
    if (failNextWrite) {
      failNextWrite = false;
      written.fail("closed");
    } else {
      pendingWrites.add(written);
    }
    return sendBuffer.track(written.future(), text.length());
  }

  /** The peer reads everything written so far. */
  void flush() {
    Promise<Void> written;
    while ((written = pendingWrites.poll()) != null) {
      written.complete();
    }
  }

  @Override
  void transportPause(boolean pause) {
    transcript.add(pause ? "transport pause" : "transport resume");
  }

  @Override
  void transportClose(CloseReason reason) {
    transcript.add("transport close " + reason.code());
  }

  @Override
  void transportAbort() {
    transcript.add("transport abort");
    Promise<Void> written;
    while ((written = pendingWrites.poll()) != null) {
      written.fail("aborted");
    }
  }

  @Override
  void ping() {
    transcript.add("ping");
  }

  @Override
  Outbound closeNotice(CloseReason reason) {
    return reason == CloseReason.SHUTDOWN ? Outbound.text("bye " + reason.code()) : null;
  }

  @Override
  int receiveQueue() {
    return 0;
  }
}
