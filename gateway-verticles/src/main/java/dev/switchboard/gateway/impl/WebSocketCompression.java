package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * The {@code permessage-deflate} extension (RFC 7692) of one WebSocket connection, when the
 * gateway's {@code perMessageDeflate} option is on and the client offered it: negotiated by
 * Netty's {@link PerMessageDeflateServerExtensionHandshaker}, inflated by its deflate decoder,
 * which stops at {@code maxPackageSize} bytes a frame (a zip bomb fails with a {@link
 * DecompressionException} after inflating that much, not all of it; the joiner bounds a
 * fragmented message as a whole).
 *
 * <p>Only the client's messages are compressed: the server's go uncompressed (RSV1 clear, which
 * RFC 7692 allows), because each is encoded once for every client it goes to and the send buffer
 * counts its exact bytes. So no deflate encoder is put in the pipeline, and the server accepts
 * any {@code server_max_window_bits} or {@code server_no_context_takeover} the client asks for.
 *
 * <p>Threading: on the connection's event loop.
 */
final class WebSocketCompression {

  /** The name of the deflate decoder in the pipeline, right after the frame decoder. */
  static final String INFLATER = "wsInflater";

  private static final int COMPRESSION_LEVEL = 6; // unused: the server does not compress

  private final WebSocketServerExtension extension;

  private WebSocketCompression(WebSocketServerExtension extension) {
    this.extension = extension;
  }

  /**
   * @param request    a WebSocket upgrade request
   * @param enabled    the {@code perMessageDeflate} option
   * @param maxInflate the most bytes a frame may inflate to ({@code maxPackageSize})
   * @return the extension the request's {@code Sec-WebSocket-Extensions} offer gets, or null:
   *     the option is off, nothing is offered, or no offer is acceptable (unknown or malformed
   *     parameters: declined, and the connection goes on uncompressed)
   */
  static WebSocketCompression negotiate(HttpServerRequest request, boolean enabled,
      int maxInflate) {
    if (!enabled) {
      return null;
    }
    PerMessageDeflateServerExtensionHandshaker handshaker =
        new PerMessageDeflateServerExtensionHandshaker(COMPRESSION_LEVEL, true,
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, maxInflate);
    // the header's size is bounded by the HTTP decoder's limit on headers
    for (String offers : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
      for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(offers)) {
        WebSocketServerExtension accepted;
        try {
          accepted = handshaker.handshakeExtension(offer);
        } catch (RuntimeException malformed) { // e.g. server_max_window_bits without a number
          accepted = null;
        }
        if (accepted != null) {
          return new WebSocketCompression(accepted);
        }
      }
    }
    return null;
  }

  /**
   * @return the {@code Sec-WebSocket-Extensions} value of the 101 answer
   */
  String responseHeader() {
    WebSocketExtensionData data = extension.newReponseData();
    StringBuilder header = new StringBuilder(data.name());
    for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
      header.append("; ").append(parameter.getKey());
      if (parameter.getValue() != null) {
        header.append('=').append(parameter.getValue());
      }
    }
    return header.toString();
  }

  /**
   * Puts the deflate decoder right after the frame decoder: it inflates the frames of a message
   * whose first frame has RSV1 set, and clears the bit.
   */
  void install(ChannelPipeline pipeline) {
    pipeline.addAfter(WebSocketHandshake.FRAME_DECODER, INFLATER,
        extension.newExtensionDecoder());
  }

  /**
   * @param failure a failure the deflate decoder fired
   * @return the reason the connection closes with: {@code too_large} for a frame inflating
   *     beyond {@code maxPackageSize}, {@code invalid_payload} for data that is not deflate,
   *     {@code protocol_error} for a frame the decoder could not take (wrapped in a {@link
   *     DecoderException}); null when it is none of the decoder's
   */
  static CloseReason reason(Throwable failure) {
    if (failure instanceof DecompressionException) {
      return failure.getCause() instanceof DataFormatException ? CloseReason.INVALID_PAYLOAD
          : CloseReason.TOO_LARGE; // "Decompression buffer has reached maximum size"
    }
    if (failure instanceof DecoderException && failure.getCause() instanceof CodecException
        && !(failure.getCause() instanceof DecoderException)) {
      return CloseReason.PROTOCOL_ERROR; // e.g. "cannot read uncompressed buffer"
    }
    return null;
  }
}
