package dev.switchboard.gateway.impl;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The WebSocket opening handshake (RFC 6455 version 13), done on the HTTP connection's Netty
 * channel: the {@code 101} response, then the channel's pipeline becomes a WebSocket one (frame
 * decoder and encoder, the connection's own handler) and Vert.x's HTTP connection object is let
 * go. The gateway holds many idle connections, and Vert.x's WebSocket keeps its HTTP connection,
 * request and two message queues alive for each (about 11 KiB); this keeps only the Netty channel
 * and the gateway's connection. Vert.x offers no public call for it, so this one class reaches the
 * channel through Vert.x's internal connection type.
 *
 * <p>Threading: on the request's event loop.
 */
final class WebSocketHandshake {

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final String VERSION = "13";
  private static final int KEY_BYTES = 16;
  private static final int KEY_LENGTH = 24;
  private static final String DECODER = "httpDecoder";
  private static final String HTTP_ENCODER = "httpEncoder";
  private static final String HANDLER = "handler";
  /** The name of the WebSocket frame encoder in the pipeline. */
  static final String ENCODER = "wsEncoder";
  /** The name of the WebSocket frame decoder in the pipeline. */
  static final String FRAME_DECODER = "wsDecoder";

  private WebSocketHandshake() {
  }

  /**
   * Checks a WebSocket upgrade request as RFC 6455 section 4.2.1 asks, and answers what is wrong
   * with it (a fixed text: nothing of the request is echoed).
   *
   * @param request the request (its {@code Upgrade: websocket} already seen)
   * @return null when the handshake can go on, otherwise the refusal sent (status and reason)
   */
  static String refuse(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().putHeader(HttpHeaderNames.ALLOW, "GET");
      return refuse(request, 405, "a WebSocket handshake is a GET");
    }
    if (request.version() == io.vertx.core.http.HttpVersion.HTTP_1_0) {
      return refuse(request, 400, "a WebSocket handshake is HTTP/1.1");
    }
    if (request.headers().getAll(HttpHeaderNames.HOST).size() != 1
        || request.getHeader(HttpHeaderNames.HOST).isBlank()) {
      return refuse(request, 400, "a WebSocket handshake needs one Host header");
    }
    if (!hasUpgradeToken(request.headers().getAll(HttpHeaderNames.CONNECTION))) {
      return refuse(request, 400, "no 'Connection: Upgrade' header");
    }
    if (!VERSION.equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      request.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, VERSION);
      return refuse(request, 426, "WebSocket version 13 expected");
    }
    if (!validKey(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
      return refuse(request, 400, "Sec-WebSocket-Key must be the base64 of 16 bytes");
    }
    if (!(request.connection() instanceof ConnectionBase)
        || ((ConnectionBase) request.connection()).channelHandlerContext().pipeline()
            .get(DECODER) == null) {
      return refuse(request, 400, "not an HTTP/1.1 connection");
    }
    return null;
  }

  private static String refuse(HttpServerRequest request, int status, String reason) {
    HttpAnswers.plain(request.response(), status, reason);
    return reason;
  }

  /**
   * @param values the request's {@code Sec-WebSocket-Key} headers
   * @return whether there is one, the base64 of 16 bytes (24 characters)
   */
  private static boolean validKey(List<String> values) {
    if (values.size() != 1) {
      return false;
    }
    String key = values.get(0).trim();
    if (key.length() != KEY_LENGTH) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == KEY_BYTES;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param connection the values of the request's {@code Connection} headers
   * @return whether one of their comma-separated tokens is {@code Upgrade} (browsers may send
   *     {@code keep-alive, Upgrade})
   */
  private static boolean hasUpgradeToken(List<String> connection) {
    for (String value : connection) {
      for (String token : value.split(",")) {
        if (token.trim().equalsIgnoreCase("upgrade")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Answers {@code 101} and turns the connection into a WebSocket delivering to {@code handler}.
   * The request must have passed {@link #refuse}.
   *
   * @param request         the request
   * @param maxPayload      the largest frame payload accepted, bytes
   * @param subprotocol     the subprotocol chosen (one the client offered), or null
   * @param compression     the negotiated {@code permessage-deflate}, or null
   * @param handler         what takes the channel over
   */
  static void accept(HttpServerRequest request, int maxPayload, String subprotocol,
      WebSocketCompression compression, ChannelHandler handler) {
    ChannelHandlerContext http = ((ConnectionBase) request.connection()).channelHandlerContext();
    ChannelPipeline pipeline = http.pipeline();
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.SWITCHING_PROTOCOLS);
    response.headers()
        .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
            acceptKey(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY)));
    if (subprotocol != null) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
    }
    if (compression != null) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
          compression.responseHeader());
    }
    for (String name : new String[] {"inflater", "deflater", "chunkedWriter"}) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
    // encoded by the HTTP encoder on its way out; then the encoder has nothing left to do
    http.writeAndFlush(response);
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxPayload)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .allowExtensions(compression != null) // RSV1 marks a compressed message
        .closeOnProtocolViolation(false) // the connection closes with its own reason
        .build();
    pipeline.replace(DECODER, FRAME_DECODER, new WebSocket13FrameDecoder(config));
    if (compression != null) {
      compression.install(pipeline);
    }
    pipeline.replace(HTTP_ENCODER, ENCODER, new WebSocket13FrameEncoder(false));
    pipeline.replace(HANDLER, HANDLER, handler);
  }

  /**
   * @param request an upgrade request
   * @return whether its connection is still open (a client may leave while the connect hook
   *     decides); on the request's event loop, where the connection closes, so it stays so until
   *     the task ends
   */
  static boolean open(HttpServerRequest request) {
    return ((ConnectionBase) request.connection()).channelHandlerContext().channel().isActive();
  }

  /**
   * @param key the client's {@code Sec-WebSocket-Key}
   * @return the {@code Sec-WebSocket-Accept} answering it
   */
  static String acceptKey(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java platform", e);
    }
  }
}
