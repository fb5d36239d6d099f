package dev.switchboard.gateway.impl;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Netty's UTF-8 check of a WebSocket connection's text messages ({@link Utf8FrameValidator}), put
 * right after the frame decoder (and the inflater, if any) at the client's first message: idle
 * connections, the many, have none (nor its pipeline context). It checks a text message fragment by
 * fragment (an invalid prefix fails at once, a code point may be split across fragments) and
 * fails with a {@link CorruptedWebSocketFrameException} whose status is 1007, leaving the close to
 * the connection. (WebSocketDecoderConfig's withUTF8Validator only makes Netty's
 * WebSocketServerProtocolHandler add it; the gateway's pipeline is its own.)
 *
 * <p>Threading: on the connection's event loop.
 */
final class WebSocketUtf8Check {

  /** Its name in the pipeline; the joiner, when there is one, comes after it. */
  static final String NAME = "wsUtf8";

  private WebSocketUtf8Check() {
  }

  /**
   * Puts the check in, and sends the client's first message's first frame through it (and on to
   * the connection's handler again).
   *
   * @param pipeline the connection's pipeline
   * @param first    the frame, which the check takes over
   */
  static void insert(ChannelPipeline pipeline, WebSocketFrame first) {
    String before = pipeline.get(WebSocketCompression.INFLATER) != null
        ? WebSocketCompression.INFLATER : WebSocketHandshake.FRAME_DECODER;
    pipeline.addAfter(before, NAME, new Utf8FrameValidator(false));
    pipeline.context(before).fireChannelRead(first);
  }
}
