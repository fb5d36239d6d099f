package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sheds connections over {@code maxConnections} or {@code maxConnectionsPerAddress} with a reason
 * the client can see, instead of resetting them: a WebSocket handshake is accepted and closed at
 * once with code 1013 ("try again later") and reason {@code too_many_connections} (what a browser
 * shows to JavaScript, where a refused handshake's HTTP status is only a 1006); any other HTTP
 * request gets {@code 503} with {@code Retry-After}; a TCP {@code frame}/{@code text} client gets
 * the protocol's close message. Shedding costs a little work per connection, so it is bounded:
 * at most {@link #headroom(int)} connections are being shed at a time, each for at most {@link
 * #TIMEOUT_MS} on the HTTP port; a connection beyond them is reset at its accept, as when
 * descriptors run low.
 *
 * <p>Threading: {@link #take} and {@link #release} from any thread; the rest on the connection's
 * event loop.
 */
final class Shedding {

  /** The most time a shed HTTP connection is kept open: to send its request, then be answered. */
  static final long TIMEOUT_MS = 2_000;
  /** The {@code Retry-After} of a shed HTTP request, seconds. */
  static final int RETRY_AFTER_SECONDS = 5;
  /** The fewest connections shed at a time. */
  static final int MIN_HEADROOM = 16;
  /** The most connections shed at a time. */
  static final int MAX_HEADROOM = 1_024;
  /** The most payload a frame sent to a shed WebSocket may carry (a close frame's). */
  private static final int MAX_FRAME = 125;
  private static final String REASON = CloseReason.TOO_MANY_CONNECTIONS.code();
  private static final short CODE = (short) WebSocketCloseCodes.of(CloseReason.TOO_MANY_CONNECTIONS);

  private final int headroom;
  private final AtomicInteger shedding = new AtomicInteger();

  /**
   * @param maxConnections the verticle's {@code maxConnections}
   */
  Shedding(int maxConnections) {
    this.headroom = headroom(maxConnections);
  }

  /**
   * @param maxConnections the verticle's {@code maxConnections}
   * @return how many connections over the limits may be shed at a time: a tenth of {@code
   *     maxConnections}, within [{@value #MIN_HEADROOM}, {@value #MAX_HEADROOM}]
   */
  static int headroom(int maxConnections) {
    return Math.max(MIN_HEADROOM, Math.min(MAX_HEADROOM, maxConnections / 10));
  }

  /**
   * Takes a place to shed a connection with a reason.
   *
   * @return whether there was one: then {@link #release} it once the connection has closed;
   *     otherwise reset the connection
   */
  boolean take() {
    if (shedding.incrementAndGet() > headroom) {
      shedding.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a place {@link #take} gave. */
  void release() {
    shedding.decrementAndGet();
  }

  /**
   * Takes a place for an HTTP connection over the limits and bounds its life: the place is given
   * back when its channel closes, which happens at the latest {@link #TIMEOUT_MS} from now.
   *
   * @param channel the connection's channel
   * @return whether it is shed with a reason (else reset it)
   */
  boolean hold(Channel channel) {
    if (!take()) {
      return false;
    }
    var closing = channel.eventLoop().schedule(() -> channel.close(), TIMEOUT_MS,
        TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> {
      closing.cancel(false);
      release();
    });
    return true;
  }

  /**
   * Answers the request of an HTTP connection being shed: a WebSocket handshake (a valid one on
   * the WebSocket path) with {@code 101} then a close frame 1013 {@code too_many_connections};
   * any other request with {@code 503}, {@code Retry-After} and {@code too many connections};
   * then the connection closes.
   *
   * @param request   the request
   * @param webSocket whether it is an upgrade request to the WebSocket path
   */
  static void answer(HttpServerRequest request, boolean webSocket) {
    if (!webSocket) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close")
          .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
      HttpAnswers.plain(request.response(), 503, "too many connections");
      request.connection().close(); // once answered
      return;
    }
    if (WebSocketHandshake.refuse(request) != null) {
      request.connection().close(); // answered with what is wrong with the handshake
      return;
    }
    WebSocketHandshake.accept(request, MAX_FRAME, null, null, new Closer());
  }

  /**
   * The handler of a shed WebSocket: sends the close frame, discards what the client sends and
   * closes the channel on the client's close frame (or on any frame error); the timer of {@link
   * #hold} closes it otherwise.
   */
  private static final class Closer extends ChannelInboundHandlerAdapter {

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(new CloseWebSocketFrame(CODE, REASON));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean close = msg instanceof CloseWebSocketFrame;
      ReferenceCountUtil.release(msg);
      if (close) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
