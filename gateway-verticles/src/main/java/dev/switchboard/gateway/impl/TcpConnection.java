package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.LineParser;
import dev.switchboard.core.internal.Sockets;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/**
 * A raw TCP client speaking the frame protocol (the channel codec's framing: a uint32 length
 * that counts its 4 bytes, then the payload; an empty frame is a heartbeat) or the text protocol
 * (lines ended by {@code \n}). A close by the server for a reason of its own sends a last message
 * {@code {"type":"close","reason":"..."}} first.
 *
 * <p>Threading: on the connection's context.
 */
final class TcpConnection extends ConnectionBase {

  private final NetSocket socket;
  private final FrameParser frames;
  private final LineParser lines;
  private final Outbound pingMessage;

  TcpConnection(ConnectionHost host, Context context, NetSocket socket, Protocol protocol) {
    super(host, context, protocol, socket.remoteAddress());
    this.socket = socket;
    int max = host.options().getMaxPackageSize();
    if (protocol == Protocol.FRAME) {
      frames = new FrameParser(max, this::frame, this::frameError);
      lines = null;
    } else {
      lines = new LineParser(max, line -> deliver(line, true),
          message -> inboundError(CloseReason.TOO_LARGE, message));
      frames = null;
    }
    String ping = host.options().getPingData();
    this.pingMessage = ping == null ? null : Outbound.text(ping);
    socket.handler(this::chunk);
    socket.exceptionHandler(failure -> host.transportException(this, failure));
    socket.closeHandler(v -> closed());
  }

  private void chunk(Buffer chunk) {
    received(chunk.length());
    if (frames != null) {
      frames.handle(chunk);
    } else {
      lines.handle(chunk);
    }
    if (recvPaused() && receiveQueue() >= RECEIVE_HIGH_WATER) {
      socket.pause(); // TCP flow control slows the client down
    }
  }

  private void frame(Buffer payload) {
    if (payload.length() > 0) {
      deliver(payload, false);
    } // an empty frame is a heartbeat: counted as received, nothing to deliver
  }

  private void frameError(FrameException error) {
    inboundError(error.reason() == FrameException.Reason.FRAME_TOO_LARGE
        ? CloseReason.TOO_LARGE : CloseReason.PROTOCOL_ERROR, error.getMessage());
  }

  @Override
  SendResult write(Outbound message) {
    Buffer bytes = protocol() == Protocol.FRAME ? message.frame() : message.line();
    return sendBuffer.track(socket.write(bytes), bytes.length());
  }

  @Override
  void transportPause(boolean pause) {
    if (pause) {
      if (frames != null) {
        frames.pause();
      } else {
        lines.pause();
      }
    } else {
      if (frames != null) {
        frames.resume();
      } else {
        lines.resume();
      }
      if (!recvPaused()) { // delivering the held messages may have paused again
        socket.resume();
      }
    }
  }

  @Override
  void transportClose(CloseReason reason) {
    socket.close();
  }

  @Override
  void transportAbort() {
    Sockets.abort(socket);
  }

  @Override
  void ping() {
    if (pingMessage != null && pendingBytes() == 0) {
      send(pingMessage);
    }
  }

  /**
   * The connect hook rejected the client (not registered): the close message says why, with the
   * rejection's status and reason; nothing when it closed meanwhile.
   */
  void reject(ConnectDecision decision) {
    close(CloseReason.REJECTED, Outbound.text(new JsonObject().put("type", "close")
        .put("reason", CloseReason.REJECTED.code()).put("status", decision.status())
        .put("message", decision.reason()).encode()));
  }

  @Override
  Outbound closeNotice(CloseReason reason) {
    return switch (reason) {
      case CLOSED, DESTROYED, PEER, SLOW, CLOSE_TIMEOUT -> null;
      default -> Outbound.text(new JsonObject().put("type", "close").put("reason", reason.code())
          .encode());
    };
  }

  @Override
  int receiveQueue() {
    return frames != null ? frames.pendingBytes() : lines.pendingBytes();
  }
}
