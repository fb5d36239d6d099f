package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Contexts;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.ErrorCode;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link Connection} API over a connection's life ({@link ConnectionLifecycle}): sends from
 * the application, pause / resume, pipe, attributes, what arrives, and the context checks. A
 * subclass adapts one transport.
 *
 * <p>Pending bytes are exact: the wire size of every write whose write future has not completed
 * (the bytes are in Vert.x's or Netty's outbound queue, not yet in the OS socket). A write whose
 * future completed before {@code write} returned went straight into the socket:
 * {@link SendResult#WRITTEN}.
 *
 * <p>Threading: on the connection's context, except where {@link Connection} says otherwise. A
 * connection is created on its context's event loop thread.
 */
abstract class ConnectionBase extends ConnectionLifecycle implements Connection {

  /** Bytes held while paused above which the socket stops being read: {@value}. */
  static final int RECEIVE_HIGH_WATER = 64 * 1024;

  private final Context context;
  /** The context's event loop thread: where every call of the connection's own is made. */
  private final Thread eventLoop;
  private boolean paused;
  private volatile long bytesRead;
  private Map<String, Object> attributes;
  private ConnectionBase pipeTo;
  private ConnectionBase pipeFrom;
  private volatile Handshake handshake;
  private ConnectDecision decision; // the connect hook's, until applied
  /** The session the node held when the connection closed (for the PHP close event). */
  private volatile JsonObject sessionAtClose;

  ConnectionBase(ConnectionHost host, Context context, Protocol protocol,
      SocketAddress remoteAddress) {
    super(host, protocol, remoteAddress);
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a connection is created on its event loop");
    }
    this.context = context;
    this.eventLoop = Thread.currentThread();
  }

  // ---- Connection ------------------------------------------------------------------------------

  @Override
  public String id() {
    return id;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  /** The connect hook accepted the connection: its handshake, and the decision to apply. */
  void admitted(Handshake handshake, ConnectDecision decision) {
    this.handshake = handshake;
    this.decision = decision;
  }

  /** @return the connect hook's decision, once: null after */
  ConnectDecision takeDecision() {
    ConnectDecision taken = decision;
    decision = null;
    return taken;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public ConnectionState state() {
    checkContext();
    return currentState();
  }

  @Override
  public CloseReason closeReason() {
    checkContext();
    return currentCloseReason();
  }

  @Override
  public SendResult send(String message) {
    checkContext();
    return send(Outbound.text(message));
  }

  @Override
  public SendResult send(Buffer message) {
    checkContext();
    return send(Outbound.binary(message));
  }

  @Override
  public Future<SendResult> sendAsync(String message) {
    return sendAsync(Outbound.text(message));
  }

  @Override
  public Future<SendResult> sendAsync(Buffer message) {
    return sendAsync(Outbound.binary(message));
  }

  /** Sends from any thread, on the connection's context. */
  Future<SendResult> sendAsync(Outbound message) {
    return onContext(() -> send(message));
  }

  /** Keeps the session the node held as the connection closed; any thread. */
  void sessionAtClose(JsonObject session) {
    sessionAtClose = session;
  }

  /** @return the session the node held as the connection closed, or null; any thread */
  JsonObject sessionAtClose() {
    return sessionAtClose;
  }

  /**
   * Runs work on the connection's context: now when already there.
   *
   * @param work what to do; a {@link RuntimeException} it throws fails the future
   * @return its result
   */
  <T> Future<T> onContext(Supplier<T> work) {
    return Contexts.call(context, work);
  }

  // ---- the send buffer's transitions (SendAccounting.Events) -----------------------------------

  @Override
  public void bufferFull() {
    host.callback(this, h -> h.onBufferFull(this));
    if (pipeFrom != null) {
      pipeFrom.pauseRecv();
    }
  }

  @Override
  public void bufferDrain() {
    host.callback(this, h -> h.onBufferDrain(this));
    if (pipeFrom != null && pipeFrom.isOpen()) {
      pipeFrom.resumeRecv();
    }
    drained();
  }

  @Override
  public void sendFailed(String message) {
    host.callback(this, h -> h.onError(this, ErrorCode.SEND_FAIL, message));
  }

  @Override
  public long pendingBytes() {
    return sendBuffer.pending();
  }

  @Override
  public int maxSendBufferSize() {
    checkContext();
    return sendBuffer.max();
  }

  @Override
  public void maxSendBufferSize(int maxSendBufferSize) {
    checkContext();
    sendBuffer.max(maxSendBufferSize);
  }

  @Override
  public void pauseRecv() {
    checkContext();
    if (!paused) {
      paused = true;
      transportPause(true);
    }
  }

  @Override
  public void resumeRecv() {
    checkContext();
    if (paused && isOpen()) {
      paused = false;
      transportPause(false);
    }
  }

  @Override
  public boolean recvPaused() {
    checkContext();
    return paused;
  }

  @Override
  public void pipe(Connection destination) {
    checkContext();
    if (!(destination instanceof ConnectionBase dest) || dest == this
        || dest.eventLoop != eventLoop) {
      throw new IllegalArgumentException("pipe needs another connection on the same context");
    }
    pipeTo = dest;
    dest.pipeFrom = this;
    if (dest.sendBuffer.isFull()) {
      pauseRecv();
    }
  }

  @Override
  public void close() {
    checkContext();
    close(CloseReason.CLOSED, null);
  }

  @Override
  public void close(String message) {
    checkContext();
    close(CloseReason.CLOSED, Outbound.text(message));
  }

  @Override
  public void close(Buffer message) {
    checkContext();
    close(CloseReason.CLOSED, Outbound.binary(message));
  }

  @Override
  public void destroy() {
    checkContext();
    destroy(CloseReason.DESTROYED);
  }

  @Override
  void ended(boolean registered) {
    if (registered) {
      host.unregister(this);
      host.callback(this, h -> h.onClose(this));
    } else {
      host.forget(this);
    }
    ConnectionBase dest = pipeTo;
    if (dest != null && dest.isOpen()) {
      dest.close(CloseReason.CLOSED, null);
    }
  }

  @Override
  public void authenticated() {
    checkContext();
    authenticated = true;
  }

  @Override
  public boolean isAuthenticated() {
    checkContext();
    return authenticated;
  }

  @Override
  public Map<String, Object> attributes() {
    checkContext();
    if (attributes == null) {
      attributes = new HashMap<>();
    }
    return attributes;
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public long bytesWritten() {
    return sendBuffer.bytesWritten();
  }

  // ---- inbound, from the subclass ------------------------------------------------------------

  /** Bytes arrived: counted, and the connection is alive. */
  void received(int bytes) {
    bytesRead += bytes;
    host.stats().add(Counter.BYTES_IN, bytes);
    liveness.received(host.now());
  }

  /** A whole message arrived. */
  void deliver(Buffer payload, boolean text) {
    if (!isOpen()) {
      return; // reading stopped: what was in flight is discarded, as Workerman does
    }
    host.stats().increment(Counter.TOTAL_REQUEST);
    ConnectionBase dest = pipeTo;
    if (dest != null) {
      dest.send(Outbound.of(payload, text));
    } else {
      host.callback(this, h -> h.onMessage(this, payload));
    }
  }

  /** The peer broke the protocol or sent too much: counted, logged, closed with the reason. */
  void inboundError(CloseReason reason, String message) {
    host.stats().increment(reason == CloseReason.TOO_LARGE ? Counter.TOO_LARGE
        : Counter.PROTOCOL_ERRORS);
    host.clientLog().info("Gateway connection {} from {} closed: {}: {}", id, remoteAddress,
        reason.code(), message);
    closeFor(reason);
  }

  // ---- status ------------------------------------------------------------------------------------

  /**
   * @return this connection's line of the {@code connections} view
   */
  JsonObject describe() {
    return new JsonObject()
        .put("id", id)
        .put("protocol", protocol.wireName())
        .put("remoteAddress", String.valueOf(remoteAddress))
        .put("recvQ", receiveQueue())
        .put("sendQ", sendBuffer.pending())
        .put("bytesRead", bytesRead)
        .put("bytesWritten", sendBuffer.bytesWritten())
        .put("state", currentState().name())
        .put("paused", paused)
        .put("authenticated", authenticated)
        .put("ageMs", host.now() - liveness.connectedAt());
  }

  void checkContext() {
    if (Thread.currentThread() != eventLoop) {
      throw new IllegalStateException("call this on the connection's context (or use sendAsync)");
    }
  }

  @Override
  public String toString() {
    return protocol.wireName() + " connection " + id + " from " + remoteAddress;
  }
}
