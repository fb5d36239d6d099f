package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The application's side of a {@link GatewayVerticle}: Workerman's worker callbacks. Every method
 * has an empty default. Give an instance to {@link GatewayVerticle#GatewayVerticle(GatewayOptions,
 * GatewayHandler)}, or name a class with a public no-argument constructor in the {@code handler}
 * config key (one instance per verticle instance).
 *
 * <p>Threading: {@link #onStart} and {@link #onHandshake} run on the verticle's context; the
 * connection callbacks run on the connection's context, in order per connection. An exception thrown by a callback is logged
 * and counted ({@code exceptions}); the connection stays open.
 */
public interface GatewayHandler {

  /**
   * The verticle is starting (before it listens).
   *
   * @param gateway the node's connections, for broadcasts and lookups
   */
  default void onStart(LocalGateway gateway) {
  }

  /**
   * The connect hook: a client asks to connect, and waits for the answer (a WebSocket client
   * before its {@code 101}, a TCP client before anything it sent is read). The connection does
   * not exist yet. The future's decision accepts the client (optionally binding a uid, joining
   * groups, setting its session, choosing a subprotocol: all in place before
   * {@link #onConnect}) or rejects it with an HTTP status; a rejected client gets only that
   * answer, and no {@code onConnect} or {@code onClose} runs for it. A future not completed
   * within the gateway's {@link GatewayOptions#getConnectHookTimeout() connectHookTimeout}
   * rejects the client with 503; a failed one, or an exception, with 500 (both logged and
   * counted). The default accepts every client.
   *
   * @param handshake what the client presented
   * @return the decision
   */
  default Future<ConnectDecision> onHandshake(Handshake handshake) {
    return Future.succeededFuture(ConnectDecision.accept());
  }

  /**
   * A client connected (for WebSocket: the handshake completed).
   *
   * @param connection the new connection
   */
  default void onConnect(Connection connection) {
  }

  /**
   * A message arrived.
   *
   * @param connection the connection
   * @param message    the message: a WebSocket message (text as UTF-8), a frame's payload or a
   *                   line without its {@code \n}
   */
  default void onMessage(Connection connection, Buffer message) {
  }

  /**
   * The connection closed; called exactly once per connection, whatever closed it
   * ({@link Connection#closeReason()} says what).
   *
   * @param connection the connection
   */
  default void onClose(Connection connection) {
  }

  /**
   * A send failed.
   *
   * @param connection the connection
   * @param code       the error
   * @param message    {@code "send buffer full and drop package"} or {@code "client closed"}
   */
  default void onError(Connection connection, ErrorCode code, String message) {
  }

  /**
   * The pending bytes reached {@code maxSendBufferSize}; once per fill (not again before a drain).
   *
   * @param connection the connection
   */
  default void onBufferFull(Connection connection) {
  }

  /**
   * The send buffer emptied after holding bytes.
   *
   * @param connection the connection
   */
  default void onBufferDrain(Connection connection) {
  }
}
