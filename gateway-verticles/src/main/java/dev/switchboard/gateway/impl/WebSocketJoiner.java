package dev.switchboard.gateway.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageAggregationException;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

import java.util.List;

/**
 * Joins a WebSocket connection's fragmented messages with Netty's {@link
 * WebSocketFrameAggregator}, up to {@code maxPackageSize} bytes: a longer message fires a {@code
 * TooLongFrameException} (its other fragments are dropped), a message begun before the previous
 * one ended a {@code DecoderException} caused by a {@code MessageAggregationException}. Control
 * frames (ping, pong, close) between fragments go on at once; a continuation frame without a
 * first frame goes on as it is (the connection refuses it).
 *
 * <p>It refuses a frame with a reserved bit set ({@link WebSocketCloseCodes#reservedBits}), as
 * the connection does before it has a joiner. It also counts every frame as it arrives (bytes in, liveness), before joining, and knows the
 * bytes of the message being joined (part of Recv-Q). A connection has one from its first
 * fragment on: until then its handler counts the frames.
 *
 * <p>Threading: on the channel's event loop, the connection's context.
 */
final class WebSocketJoiner extends WebSocketFrameAggregator {

  private static final String NAME = "wsJoiner";

  private final ConnectionBase connection;
  private int joining;

  private WebSocketJoiner(int maxMessage, ConnectionBase connection) {
    super(maxMessage);
    this.connection = connection;
  }

  /**
   * Puts a joiner before a WebSocket connection's handler at its first fragment (idle connections,
   * the many, have none), and sends that fragment through it.
   *
   * @param handler    the connection's handler
   * @param first      the first fragment, which the joiner takes over
   * @param maxMessage the largest message, bytes
   * @param connection whose frames these are
   * @return the joiner, which counts every frame from now on
   */
  static WebSocketJoiner join(ChannelHandlerContext handler, WebSocketFrame first, int maxMessage,
      ConnectionBase connection) {
    WebSocketJoiner joiner = new WebSocketJoiner(maxMessage, connection);
    handler.pipeline().addBefore(handler.name(), NAME, joiner);
    // from the UTF-8 check (there from the first message on), which has seen the fragment already
    handler.pipeline().context(WebSocketUtf8Check.NAME).fireChannelRead(first);
    return joiner;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof WebSocketFrame frame) {
      connection.received(frame.content().readableBytes());
      CorruptedWebSocketFrameException reserved = WebSocketCloseCodes.reservedBits(frame);
      if (reserved != null) { // a fragment's bits: the joined message has only its first's
        frame.release();
        throw reserved;
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out)
      throws Exception {
    try {
      super.decode(ctx, msg, out);
    } catch (MessageAggregationException e) {
      joining = 0; // the message being joined is dropped
      throw e;
    }
  }

  @Override
  protected WebSocketFrame beginAggregation(WebSocketFrame start, ByteBuf content)
      throws Exception {
    joining = content.readableBytes();
    return super.beginAggregation(start, content);
  }

  @Override
  protected void aggregate(WebSocketFrame aggregated, ContinuationWebSocketFrame content) {
    joining = aggregated.content().readableBytes();
  }

  @Override
  protected void finishAggregation(WebSocketFrame aggregated) {
    joining = 0;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame oversized)
      throws Exception {
    joining = 0;
    super.handleOversizedMessage(ctx, oversized);
  }

  /** @return the bytes of the fragmented message being joined */
  int joining() {
    return joining;
  }
}
