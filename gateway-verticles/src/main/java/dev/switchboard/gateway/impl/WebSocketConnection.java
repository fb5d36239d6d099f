package dev.switchboard.gateway.impl;

import dev.switchboard.channel.impl.Sockets;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Protocol;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayDeque;

/**
 * A WebSocket client. Messages are WebSocket messages (fragments are joined, up to
 * {@code maxPackageSize}); pong frames keep the connection alive; the server's pings are
 * WebSocket ping frames; a close by the server carries its reason in the close frame.
 *
 * <p>Threading: on the connection's context.
 */
final class WebSocketConnection extends ConnectionBase {

  private final ServerWebSocket socket;
  private final Buffer pingData;
  private Buffer fragments;
  private boolean fragmentsText;
  private ArrayDeque<Buffer> held; // while paused; created on first use (idle connections are many)
  private ArrayDeque<Boolean> heldText;
  private int heldBytes;

  WebSocketConnection(GatewayServer server, ContextInternal context, ServerWebSocket socket) {
    super(server, context, Protocol.WEBSOCKET, socket.remoteAddress());
    this.socket = socket;
    String ping = server.options().getPingData();
    this.pingData = ping == null ? Buffer.buffer() : Buffer.buffer(ping);
    socket.frameHandler(this::frame);
    socket.exceptionHandler(this::exception);
    socket.closeHandler(v -> closed());
  }

  private void frame(WebSocketFrame frame) {
    received(frame.binaryData().length());
    switch (frame.type()) {
      case TEXT, BINARY -> {
        if (frame.isFinal()) {
          message(frame.binaryData(), frame.isText());
        } else {
          fragments = frame.binaryData().copy();
          fragmentsText = frame.isText();
        }
      }
      case CONTINUATION -> {
        if (fragments == null) {
          inboundError(CloseReason.PROTOCOL_ERROR, "continuation frame without a first frame");
          return;
        }
        fragments.appendBuffer(frame.binaryData());
        if (fragments.length() > server.options().getMaxPackageSize()) {
          fragments = null;
          inboundError(CloseReason.TOO_LARGE, "a fragmented message is over maxPackageSize "
              + server.options().getMaxPackageSize() + " bytes");
        } else if (frame.isFinal()) {
          Buffer message = fragments;
          fragments = null;
          message(message, fragmentsText);
        }
      }
      default -> {
        // ping (answered by Vert.x), pong (liveness, counted above), close (Vert.x answers)
      }
    }
  }

  private void message(Buffer payload, boolean text) {
    if (!recvPaused()) {
      deliver(payload, text);
      return;
    }
    if (held == null) {
      held = new ArrayDeque<>();
      heldText = new ArrayDeque<>();
    }
    held.add(payload);
    heldText.add(text);
    heldBytes += payload.length();
    if (heldBytes >= RECEIVE_HIGH_WATER) {
      socket.pause(); // TCP flow control slows the client down
    }
  }

  private void exception(Throwable failure) {
    if (failure instanceof HttpClosedException) {
      return; // the close handler follows
    }
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      CloseReason reason = corrupted.closeStatus().code()
          == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
          ? CloseReason.TOO_LARGE : CloseReason.PROTOCOL_ERROR;
      inboundError(reason, String.valueOf(failure.getMessage()));
      destroy(reason); // Netty's decoder discards everything after a corrupted frame
      return;
    }
    server.transportException(this, failure);
  }

  @Override
  Future<Void> write(Outbound message) {
    return socket.writeFrame(message.webSocketFrame());
  }

  @Override
  int wireSize(Outbound message) {
    return message.webSocketWireSize();
  }

  @Override
  void transportPause(boolean pause) {
    if (pause) {
      return; // message() holds what arrives
    }
    while (held != null && !held.isEmpty() && !recvPaused()) {
      Buffer payload = held.poll();
      heldBytes -= payload.length();
      deliver(payload, heldText.poll());
    }
    if (!recvPaused()) {
      socket.resume();
    }
  }

  @Override
  void transportClose(CloseReason reason) {
    socket.close(closeStatus(reason), reason.code());
  }

  private static short closeStatus(CloseReason reason) {
    return (short) switch (reason) {
      case TOO_LARGE -> 1009;
      case PROTOCOL_ERROR -> 1002;
      case AUTH_TIMEOUT -> 1008;
      case TOO_MANY_CONNECTIONS -> 1013;
      case HEARTBEAT_TIMEOUT, SHUTDOWN -> 1001;
      default -> 1000;
    };
  }

  @Override
  void transportAbort() {
    Sockets.abort(socket);
  }

  @Override
  void ping() {
    track(socket.writePing(pingData), 2 + pingData.length());
  }

  @Override
  Outbound closeNotice(CloseReason reason) {
    return null; // the close frame says it
  }

  @Override
  int receiveQueue() {
    return heldBytes + (fragments == null ? 0 : fragments.length());
  }
}
