package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageAggregationException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A WebSocket client, served on its Netty channel once {@link WebSocketHandshake} has taken it
 * over. Messages are WebSocket messages (fragments joined by a {@link WebSocketJoiner}, up to
 * {@code maxPackageSize}; text checked to be UTF-8); pings are answered, pongs keep the connection
 * alive; the server's pings are ping frames; a client's close frame is echoed; a close by the
 * server sends a close frame carrying its reason, then waits for the client's close frame (at
 * most {@code closeTimeout}) before closing the TCP connection.
 *
 * <p>A message goes out as the bytes {@link Outbound} encoded once for every connection; each
 * write takes a copy of a small frame or a view of a larger one ({@link Outbound#webSocketWrite})
 * and is flushed at once.
 *
 * <p>Threading: on the connection's context (the channel's event loop); the Netty handler runs
 * its events on that context.
 */
final class WebSocketConnection extends ConnectionBase {

  private final ChannelHandlerContext channel;
  private final ChannelHandlerContext encoder; // encoded frames start their way out from here
  private final byte[] pingData;
  private boolean utf8Checked; // from the first message on (WebSocketUtf8Check)
  private WebSocketJoiner joiner; // from the first fragment on (idle connections are many)
  private ArrayDeque<Buffer> held; // while paused; created on first use (idle connections are many)
  private ArrayDeque<Boolean> heldText;
  private int heldBytes;
  private byte[] pingToAnswer; // the latest ping, while the pong of an earlier one is on its way
  private boolean pongInFlight;
  private boolean closeSent;
  private boolean closeReceived;
  private int peerCloseCode = WebSocketCloseCodes.NONE; // of the client's close frame, echoed
  private long closeTimer = -1;

  WebSocketConnection(ConnectionHost host, Context context,
      ChannelHandlerContext channel, SocketAddress remoteAddress) {
    super(host, context, Protocol.WEBSOCKET, remoteAddress);
    this.channel = channel;
    this.encoder = channel.pipeline().context(WebSocketHandshake.ENCODER);
    String ping = host.options().getPingData();
    this.pingData = ping == null ? new byte[0] : ping.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Takes over an upgraded request's channel; the connection, from {@code client} (the address
   * after trusted proxies), is handed to {@code accepted} at once, on the context.
   */
  static void accept(ConnectionHost host, Context context, HttpServerRequest request,
      SocketAddress client, String subprotocol, Consumer<ConnectionBase> accepted) {
    int max = host.options().getMaxPackageSize();
    WebSocketHandshake.accept(request, max, subprotocol, WebSocketCompression.negotiate(request,
            host.options().isPerMessageDeflate(), max),
        // ContextInternal.dispatch runs a Netty event on the connection's context at once, on the
        // event loop thread it arrives on; runOnContext, the public way, would queue every frame
        // behind a task hop (nothing public serves)
        new WebSocketChannelHandler(host, (ContextInternal) context, client, accepted));
  }

  /** A frame from the client, on the context. */
  void frame(WebSocketFrame frame) {
    CorruptedWebSocketFrameException reserved = WebSocketCloseCodes.reservedBits(frame);
    if (reserved != null) {
      frame.release();
      exception(reserved);
      return;
    }
    if (!utf8Checked && (frame instanceof TextWebSocketFrame
        || frame instanceof BinaryWebSocketFrame)) {
      utf8Checked = true;
      WebSocketUtf8Check.insert(channel.pipeline(), frame); // and back here through it
      return;
    }
    if (joiner == null) {
      if (!frame.isFinalFragment() && !(frame instanceof ContinuationWebSocketFrame)) {
        joiner = WebSocketJoiner.join(channel, frame, host.options().getMaxPackageSize(), this);
        return;
      }
      received(frame.content().readableBytes()); // else the joiner counted it as it arrived
    }
    try {
      if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
        message(copy(frame.content()), frame instanceof TextWebSocketFrame); // whole
      } else if (frame instanceof ContinuationWebSocketFrame) {
        inboundError(CloseReason.PROTOCOL_ERROR, "continuation frame without a first frame");
      } else if (frame instanceof PingWebSocketFrame) {
        answer(frame.content());
      } else if (frame instanceof CloseWebSocketFrame close) {
        peerClose(close.statusCode());
      } // a pong: liveness, counted above
    } finally {
      frame.release();
    }
  }

  /**
   * The client's close frame: answered with a close frame echoing its code (RFC 6455 5.5.1), or
   * failed with 1002 when the code may not be sent (7.4.1). Netty's decoder has already failed a
   * close payload of one byte (1002) and a reason that is not UTF-8 (1007).
   *
   * @param code the close code, {@link WebSocketCloseCodes#NONE} when the frame has none
   */
  private void peerClose(int code) {
    closeReceived = true; // the server closes the TCP connection once its own close frame is out
    if (closeSent) {
      channel.close();
    } else if (code != WebSocketCloseCodes.NONE && !WebSocketCloseCodes.validOnTheWire(code)) {
      inboundError(CloseReason.PROTOCOL_ERROR, "close code " + code + " is not valid on the wire");
    } else {
      peerCloseCode = code;
      close(CloseReason.PEER, null);
    }
  }

  /**
   * Answers a ping with a pong inside the send bound: while a pong is on its way, only the latest
   * ping is kept, and answered once that pong is written (RFC 6455 5.5.3 lets an endpoint answer
   * only the most recent ping). So a client that pings and never reads makes the server hold one
   * pong, never a pong per ping.
   */
  private void answer(ByteBuf ping) {
    pingToAnswer = ByteBufUtil.getBytes(ping); // at most 125 bytes (the decoder's limit)
    if (!pongInFlight) {
      pong();
    }
  }

  private void pong() {
    byte[] payload = pingToAnswer;
    pingToAnswer = null;
    if (!admitControl()) {
      return; // closing, or the send buffer is full: not answered (the overflow policy applied)
    }
    ChannelFuture sent = channel.writeAndFlush(new PongWebSocketFrame(
        Unpooled.wrappedBuffer(payload)));
    if (written(sendBuffer.track(sent, 2 + payload.length)) == SendResult.QUEUED) {
      pongInFlight = true;
      sent.addListener(f -> {
        pongInFlight = false;
        if (f.isSuccess() && pingToAnswer != null) {
          pong();
        }
      });
    }
  }

  /** The decoder's bytes are pooled and reused: the application gets its own. */
  private static Buffer copy(ByteBuf content) {
    return Buffer.buffer(ByteBufUtil.getBytes(content));
  }

  private void message(Buffer payload, boolean text) {
    if (!recvPaused() || !isOpen()) {
      deliver(payload, text); // closing: discarded there
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
      channel.channel().config().setAutoRead(false); // TCP flow control slows the client down
    }
  }

  void exception(Throwable failure) {
    CloseReason reason = WebSocketCloseCodes.reason(failure);
    if (reason != null) {
      if (isOpen()) { // else already closing: a frame read on after the failure is not another
        inboundError(reason, String.valueOf(failure.getMessage()));
      }
      // the decoders discard everything after a corrupted frame, and nothing after an invalid
      // one may be processed (RFC 6455 7.1.7)
      destroy(reason);
      return;
    }
    if (failure instanceof TooLongFrameException) { // the joiner drops the message's other frames
      inboundError(CloseReason.TOO_LARGE, "a fragmented message is over maxPackageSize "
          + host.options().getMaxPackageSize() + " bytes");
      return;
    }
    if (failure instanceof DecoderException
        && failure.getCause() instanceof MessageAggregationException) {
      inboundError(CloseReason.PROTOCOL_ERROR, "a message began inside a fragmented one");
      return;
    }
    if (failure instanceof PrematureChannelClosureException) {
      return; // closed in the middle of a fragmented message: the close handler follows
    }
    host.transportException(this, failure);
  }

  void inactive() {
    if (closeTimer != -1) {
      context().owner().cancelTimer(closeTimer);
    }
    closed();
  }

  @Override
  SendResult write(Outbound message) {
    ByteBuf frame = message.webSocketWrite(encoder.alloc());
    int size = frame.readableBytes();
    return sendBuffer.track(encoder.writeAndFlush(frame), size);
  }

  /** Writes the messages, then flushes once: one system call for the lot. */
  @Override
  public void send(List<Outbound> messages, BroadcastTally[] tallies) {
    int count = messages.size();
    if (count == 1) {
      tallies[0].add(send(messages.get(0)));
      return;
    }
    ChannelFuture[] writes = new ChannelFuture[count];
    int[] sizes = new int[count];
    long unflushed = 0;
    for (int i = 0; i < count; i++) {
      SendResult refused = admit(messages.get(i), unflushed);
      if (refused != null) {
        tallies[i].add(refused);
        continue;
      }
      ByteBuf frame = messages.get(i).webSocketWrite(encoder.alloc());
      sizes[i] = frame.readableBytes();
      unflushed += sizes[i];
      writes[i] = encoder.write(frame);
    }
    encoder.flush();
    for (int i = 0; i < count; i++) {
      if (writes[i] != null) {
        tallies[i].add(sent(sendBuffer.track(writes[i], sizes[i])));
      }
    }
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
      channel.channel().config().setAutoRead(true);
    }
  }

  @Override
  void transportClosing() {
    held = null;
    heldText = null;
    heldBytes = 0;
    channel.channel().config().setAutoRead(true); // the peer's close frame is behind what it sent
  }

  @Override
  void transportClose(CloseReason reason) {
    closeSent = true;
    var sent = channel.writeAndFlush(reason == CloseReason.PEER
        ? WebSocketCloseCodes.echo(peerCloseCode)
        : new CloseWebSocketFrame(WebSocketCloseCodes.of(reason), reason.code()));
    if (closeReceived) {
      sent.addListener(ChannelFutureListener.CLOSE);
    } else {
      // the client answers with its close frame, then the server closes; or at most this long
      closeTimer = context().owner().setTimer(host.options().getCloseTimeout(),
          t -> channel.close());
    }
  }

  @Override
  void transportAbort() {
    channel.close();
  }

  @Override
  void ping() {
    if (pendingBytes() >= maxSendBufferSize()) {
      return; // the client is not reading: a ping would only add to what it does not read
    }
    PingWebSocketFrame ping = new PingWebSocketFrame(Unpooled.wrappedBuffer(pingData));
    // failed at once: the peer is gone
    written(sendBuffer.track(channel.writeAndFlush(ping), 2 + pingData.length));
  }

  @Override
  Outbound closeNotice(CloseReason reason) {
    return null; // the close frame says it
  }

  @Override
  int receiveQueue() {
    return heldBytes + (joiner == null ? 0 : joiner.joining());
  }
}
