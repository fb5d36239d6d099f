package dev.switchboard.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

import java.util.Map;

/**
 * One client connection held by a {@link GatewayVerticle}: Workerman's {@code TcpConnection}, with
 * an exact, bounded send buffer.
 *
 * <p>A {@code String} message is sent as a WebSocket text message, a frame of its UTF-8 bytes
 * ({@link Protocol#FRAME}) or a line ({@link Protocol#TEXT}); a {@link Buffer} as a WebSocket
 * binary message, a frame, or a line of those bytes. A message for the text protocol must not
 * contain {@code \n}.
 *
 * <p>Threading: every method except {@link #sendAsync}, {@link #id()}, {@link #protocol()},
 * {@link #remoteAddress()}, {@link #context()} and the read-only counters must be called on the
 * connection's context ({@link #context()}), where every {@link GatewayHandler} callback of this
 * connection runs; elsewhere they throw {@link IllegalStateException}. {@link #sendAsync} may be
 * called from any thread.
 */
public interface Connection {

  /**
   * @return the connection id, unique within the node (the verticle's number and a sequence)
   */
  String id();

  /**
   * @return how the client speaks to the gateway
   */
  Protocol protocol();

  /**
   * The client's address, after trusted proxies: the TCP peer's, unless the peer is one of the
   * gateway's {@code trustedProxies}; then the client that proxy named (in a {@code Forwarded},
   * {@code X-Forwarded-For} or {@code X-Real-IP} header of the WebSocket handshake, or in a PROXY
   * protocol header). The port is 0 when the proxy named none. Status views, log lines and
   * {@code maxConnectionsPerAddress} use this address.
   *
   * @return the client's address
   */
  SocketAddress remoteAddress();

  /**
   * @return the context every callback of this connection runs on
   */
  Context context();

  /**
   * @return the current state
   */
  ConnectionState state();

  /**
   * @return why the connection closed or is closing, or null while it is established
   */
  CloseReason closeReason();

  /**
   * Sends a text message.
   *
   * @param message the message
   * @return {@link SendResult#WRITTEN}, {@link SendResult#QUEUED}, {@link SendResult#DROPPED} or
   *     {@link SendResult#CLOSED}
   * @throws IllegalArgumentException for a text-protocol message that contains {@code \n}
   */
  SendResult send(String message);

  /**
   * Sends a binary message.
   *
   * @param message the message (not copied: do not change it afterwards)
   * @return as {@link #send(String)}
   * @throws IllegalArgumentException for a text-protocol message that contains {@code \n}
   */
  SendResult send(Buffer message);

  /**
   * {@link #send(String)} from any thread, also the connection's own: it goes out after the
   * broadcasts made before the call, as every send does.
   *
   * @param message the message
   * @return the result, completed on the connection's context; failed for an invalid message
   */
  Future<SendResult> sendAsync(String message);

  /**
   * {@link #send(Buffer)} from any thread, also the connection's own: it goes out after the
   * broadcasts made before the call, as every send does.
   *
   * @param message the message (not copied: do not change it afterwards)
   * @return the result, completed on the connection's context; failed for an invalid message
   */
  Future<SendResult> sendAsync(Buffer message);

  /**
   * @return the pending bytes: written to the socket and not yet handed to the OS (Send-Q),
   *     readable from any thread (a recent value)
   */
  long pendingBytes();

  /**
   * @return the send buffer bound of this connection, in bytes
   */
  int maxSendBufferSize();

  /**
   * Changes this connection's send buffer bound (it starts with the verticle's).
   *
   * @param maxSendBufferSize the bound in bytes, positive
   */
  void maxSendBufferSize(int maxSendBufferSize);

  /**
   * Stops delivering messages: nothing more reaches {@link GatewayHandler#onMessage}, even if it
   * was already received, until {@link #resumeRecv()}; the socket stops reading, so the client
   * is slowed down by TCP flow control.
   */
  void pauseRecv();

  /** Delivers again, starting with the messages held while paused. */
  void resumeRecv();

  /**
   * @return whether receiving is paused
   */
  boolean recvPaused();

  /**
   * Forwards every message of this connection to {@code destination}, with back-pressure: while
   * the destination's send buffer is full, this connection stops reading. When this connection
   * closes, the destination is closed too. Messages piped are not delivered to
   * {@link GatewayHandler#onMessage}.
   *
   * @param destination a connection on the same context
   * @throws IllegalArgumentException when the destination is on another context, or is this one
   */
  void pipe(Connection destination);

  /**
   * Closes gracefully: sends the broadcasts queued before the call, stops delivering (what
   * arrives is read and discarded, also while paused, so the peer's own close is seen), flushes
   * the send buffer, then closes. When the flush does not finish within {@code closeTimeout}, the
   * connection is destroyed (reason {@link CloseReason#CLOSE_TIMEOUT}). No-op when already
   * closing or closed.
   */
  void close();

  /**
   * Sends a last message, then closes as {@link #close()}.
   *
   * @param message the last message
   */
  void close(String message);

  /**
   * Sends a last message, then closes as {@link #close()}.
   *
   * @param message the last message
   */
  void close(Buffer message);

  /** Closes now, discarding the send buffer. Idempotent. */
  void destroy();

  /**
   * @return what the client presented when it connected (path, query, headers, cookies,
   *     subprotocols, addresses and verified JWT claims for a WebSocket; addresses for the TCP
   *     protocols); any thread
   */
  Handshake handshake();

  /**
   * Marks the connection authenticated: {@code authTimeout} no longer applies to it.
   */
  void authenticated();

  /**
   * @return whether the application marked the connection authenticated
   */
  boolean isAuthenticated();

  /**
   * @return the application's attributes of this connection (a plain map: use it on the
   *     connection's context only)
   */
  Map<String, Object> attributes();

  /**
   * @return bytes received (WebSocket: message payloads; TCP: every byte read)
   */
  long bytesRead();

  /**
   * @return bytes handed to the socket (WebSocket: frame headers included)
   */
  long bytesWritten();
}
