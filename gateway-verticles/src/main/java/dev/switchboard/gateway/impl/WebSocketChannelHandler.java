package dev.switchboard.gateway.impl;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;

import java.util.function.Consumer;

/**
 * A WebSocket connection's Netty handler, last in its pipeline once {@link WebSocketHandshake} has
 * taken the channel over: it creates the {@link WebSocketConnection} and runs the channel's events
 * (frames, failures, the end) on the connection's context at once.
 *
 * <p>Threading: Netty calls it on the channel's event loop, the connection context's own.
 */
final class WebSocketChannelHandler extends ChannelInboundHandlerAdapter {

  private final ConnectionHost host;
  private final ContextInternal context;
  private final SocketAddress remoteAddress;
  private final Consumer<ConnectionBase> accepted;
  private WebSocketConnection connection;

  WebSocketChannelHandler(ConnectionHost host, ContextInternal context, SocketAddress remoteAddress,
      Consumer<ConnectionBase> accepted) {
    this.host = host;
    this.context = context;
    this.remoteAddress = remoteAddress;
    this.accepted = accepted;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection = new WebSocketConnection(host, context, ctx, remoteAddress);
    ctx.channel().config().setAutoRead(true); // whatever the HTTP connection had set
    accepted.accept(connection);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof WebSocketFrame frame) {
      context.dispatch(frame, connection::frame);
    } else {
      ReferenceCountUtil.release(msg); // the upgrade request's end
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    context.dispatch(cause, connection::exception);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    context.dispatch(v -> connection.inactive());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    ReferenceCountUtil.release(event); // Vert.x's server shutdown: stop() closes the connections
  }
}
