package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * WebSocket close codes (RFC 6455 section 7.4) and the gateway's close reasons: the code a close
 * by the server sends, the reason a frame Netty found invalid closes with, the codes a client may
 * send, and the close frame that answers a client's.
 *
 * <p>Threading: stateless.
 */
final class WebSocketCloseCodes {

  /** No code in a close frame. */
  static final int NONE = -1;

  private WebSocketCloseCodes() {
  }

  /**
   * @return the close code the server sends when it closes for this reason
   */
  static int of(CloseReason reason) {
    return switch (reason) {
      case TOO_LARGE -> 1009;
      case PROTOCOL_ERROR -> 1002;
      case INVALID_PAYLOAD -> 1007;
      case AUTH_TIMEOUT, REJECTED -> 1008;
      case TOO_MANY_CONNECTIONS, NO_BUSINESS -> 1013;
      case HEARTBEAT_TIMEOUT, SHUTDOWN -> 1001;
      default -> 1000;
    };
  }

  /**
   * @param failure what a handler of the connection's pipeline fired
   * @return the reason the connection closes with when it is a frame that cannot be read on
   *     from: one Netty's frame decoder or UTF-8 check refused ({@code too_large} for 1009,
   *     {@code invalid_payload} for 1007, else {@code protocol_error}), or that the inflater
   *     failed on ({@link WebSocketCompression#reason}); null for any other failure
   */
  static CloseReason reason(Throwable failure) {
    if (!(failure instanceof CorruptedWebSocketFrameException corrupted)) {
      return WebSocketCompression.reason(failure);
    }
    int status = corrupted.closeStatus().code();
    if (status == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
      return CloseReason.TOO_LARGE;
    }
    if (status == WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code()) {
      return CloseReason.INVALID_PAYLOAD;
    }
    return CloseReason.PROTOCOL_ERROR;
  }

  /**
   * @return the failure of a frame with a reserved bit set, or null. Without an extension the
   *     frame decoder refuses such frames itself; with {@code permessage-deflate} it lets them by,
   *     and the inflater clears RSV1 of the frames it inflates: any bit still set (RSV2, RSV3, RSV1
   *     on a control or continuation frame) is not allowed
   */
  static CorruptedWebSocketFrameException reservedBits(WebSocketFrame frame) {
    return frame.rsv() == 0 ? null : new CorruptedWebSocketFrameException(
        WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits " + frame.rsv() + " set");
  }

  /**
   * @return whether a close frame may carry this code: defined by RFC 6455 (1000-1003,
   *     1007-1011), registered with IANA since (1012-1014), or for libraries and applications
   *     (3000-4999). Netty's decoder refuses codes below 1000, 1004-1006 and 1015-2999 itself,
   *     but lets 5000 and above through.
   */
  static boolean validOnTheWire(int code) {
    return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014
        || code >= 3000 && code <= 4999;
  }

  /**
   * @param code the code of the client's close frame, {@link #NONE} when it had none
   * @return the close frame answering it: the same code (RFC 6455 5.5.1), or none
   */
  static CloseWebSocketFrame echo(int code) {
    return new CloseWebSocketFrame(true, 0, code == NONE ? Unpooled.EMPTY_BUFFER
        : Unpooled.buffer(2).writeShort(code));
  }
}
