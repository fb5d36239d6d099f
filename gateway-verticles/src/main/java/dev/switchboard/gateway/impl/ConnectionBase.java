package dev.switchboard.gateway.impl;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.ErrorCode;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.netty.channel.ChannelFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every protocol's connection shares: the send buffer accounting and its full / drain
 * transitions, the close state machine (onClose exactly once), pause / resume, pipe, liveness
 * times and attributes. A subclass adapts one transport.
 *
 * <p>Pending bytes are exact: the wire size of every write whose Vert.x write future has not
 * completed (the bytes are in Vert.x's or Netty's outbound queue, not yet in the OS socket). A
 * write whose future completed before {@code write} returned went straight into the socket:
 * {@link SendResult#WRITTEN}.
 *
 * <p>Threading: on the connection's context, except where {@link Connection} says otherwise.
 */
abstract class ConnectionBase implements Connection {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionBase.class);

  /** Bytes held while paused above which the socket stops being read: {@value}. */
  static final int RECEIVE_HIGH_WATER = 64 * 1024;

  static final String BUFFER_FULL_MESSAGE = "send buffer full and drop package";
  static final String CLIENT_CLOSED_MESSAGE = "client closed";

  final GatewayServer server;
  private final ContextInternal context;
  private final String id;
  private final Protocol protocol;
  private final SocketAddress remoteAddress;
  private final long connectedAt;
  private volatile ConnectionState state = ConnectionState.ESTABLISHED;
  private CloseReason closeReason;
  private boolean registered;
  private boolean transportClosing;
  private boolean aborted; // destroyed: the writes the abort fails drain nothing
  private volatile long pending;
  private int maxSendBufferSize;
  private boolean full;
  private boolean paused;
  private boolean authenticated;
  private long lastReceived;
  private long lastPing;
  private long closingSince;
  private volatile long bytesRead;
  private volatile long bytesWritten;
  private Map<String, Object> attributes;
  private ConnectionBase pipeTo;
  private ConnectionBase pipeFrom;

  ConnectionBase(GatewayServer server, ContextInternal context, Protocol protocol,
      SocketAddress remoteAddress) {
    this.server = server;
    this.context = context;
    this.id = server.nextConnectionId();
    this.protocol = protocol;
    this.remoteAddress = remoteAddress;
    this.maxSendBufferSize = server.options().getMaxSendBufferSize();
    this.connectedAt = server.now();
    this.lastReceived = connectedAt;
    this.lastPing = connectedAt;
  }

  // ---- the transport, in the subclass ----------------------------------------------------------

  /**
   * Writes a message and accounts it with {@code track}.
   *
   * @return {@link SendResult#WRITTEN} when its bytes went into the OS socket at once,
   *     {@link SendResult#QUEUED} when they are pending, {@link SendResult#CLOSED} when the write
   *     failed at once
   */
  abstract SendResult write(Outbound message);

  /**
   * Stops or restarts handing messages over. While stopped, the transport holds what arrives (the
   * Recv-Q) and stops reading from the socket once it holds {@link #RECEIVE_HIGH_WATER} bytes.
   */
  abstract void transportPause(boolean pause);

  /** Closes gracefully (the send buffer is empty): a WebSocket close frame, or a TCP close. */
  abstract void transportClose(CloseReason reason);

  /** Closes now, discarding pending writes. */
  abstract void transportAbort();

  /**
   * The connection started closing: nothing more is delivered, so what is held for a paused
   * application can go, and the transport reads again (to see the peer's own close).
   */
  void transportClosing() {
  }

  /** Pings the client (the connection has been silent for {@code pingInterval}). */
  abstract void ping();

  /** @return the last message telling a TCP client why the server closes, or null */
  abstract Outbound closeNotice(CloseReason reason);

  /** @return the bytes received and not handed over yet (Recv-Q) */
  abstract int receiveQueue();

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
  public Context context() {
    return context;
  }

  @Override
  public ConnectionState state() {
    checkContext();
    return state;
  }

  @Override
  public CloseReason closeReason() {
    checkContext();
    return closeReason;
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

  /**
   * Runs work on the connection's context: now when already there.
   *
   * @param work what to do; an {@link IllegalArgumentException} it throws fails the future
   * @return its result
   */
  <T> Future<T> onContext(Supplier<T> work) {
    if (context.nettyEventLoop().inEventLoop()) {
      return attempt(work);
    }
    return context.succeededFuture().compose(v -> attempt(work));
  }

  private <T> Future<T> attempt(Supplier<T> work) {
    try {
      return context.succeededFuture(work.get());
    } catch (IllegalArgumentException e) {
      return context.failedFuture(e);
    }
  }

  /**
   * @return whether the connection is established (from any thread: a recent value)
   */
  boolean isOpen() {
    return state == ConnectionState.ESTABLISHED;
  }

  /**
   * Sends an encoded message: the one send path (application sends from any thread, broadcasts,
   * pipes, notices). The broadcasts queued for this connection's server go first: a broadcast
   * and a send made in that order by one sender, on any thread, arrive in that order.
   */
  SendResult send(Outbound message) {
    server.drainBroadcasts();
    SendResult refused = admit(message, 0);
    if (refused != null) {
      return refused;
    }
    return written(write(message));
  }

  /**
   * Sends messages in order (consecutive broadcasts), each as {@link #send(Outbound)} would; a
   * transport may write them all and flush once.
   *
   * @param messages the messages
   * @param tallies  where each message's result is counted, by index
   */
  void send(List<Outbound> messages, BroadcastTally[] tallies) {
    for (int i = 0; i < messages.size(); i++) {
      try {
        tallies[i].add(send(messages.get(i)));
      } catch (IllegalArgumentException e) { // a text client connected after the node's check
        LOG.debug("Gateway {}: broadcast not sent: {}", this, e.getMessage());
        tallies[i].add(SendResult.DROPPED);
      }
    }
  }

  /**
   * The checks before a write: state, the text protocol's newline, the send buffer's bound.
   *
   * @param message   the message
   * @param unflushed bytes written before it in the same batch, not accounted yet
   * @return null when the message may be written, otherwise why not (its counters and callbacks
   *     done)
   */
  SendResult admit(Outbound message, long unflushed) {
    if (state != ConnectionState.ESTABLISHED) {
      if (closeReason == CloseReason.PEER) {
        failSend(CLIENT_CLOSED_MESSAGE);
      }
      return SendResult.CLOSED;
    }
    if (protocol == Protocol.TEXT) {
      message.line(); // throws for a message the text protocol cannot carry
    }
    if (pending + unflushed >= maxSendBufferSize) {
      server.stats().increment(Counter.DROPPED);
      failSend(BUFFER_FULL_MESSAGE);
      overflowed();
      return SendResult.DROPPED;
    }
    return null;
  }

  /**
   * The check before writing a control frame the peer asked for (a WebSocket pong): its bytes
   * count against the send buffer's bound like a message's.
   *
   * @return whether it may be written: not while closing, nor while the send buffer is full (then
   *     the overflow policy applies: under {@code CLOSE} the slow client is cut)
   */
  boolean admitControl() {
    if (state != ConnectionState.ESTABLISHED) {
      return false;
    }
    if (pending < maxSendBufferSize) {
      return true;
    }
    LOG.debug("Gateway {}: control frame not sent, {} bytes pending", this, pending);
    overflowed();
    return false;
  }

  /** Something found the send buffer full: under policy {@code CLOSE} the slow client is cut. */
  private void overflowed() {
    if (server.options().getOverflowPolicy() == OverflowPolicy.CLOSE
        && state == ConnectionState.ESTABLISHED) {
      server.stats().increment(Counter.SLOW_DISCONNECTS);
      LOG.info("Gateway connection {} from {} closed: slow, {} bytes pending", id, remoteAddress,
          pending);
      destroy(CloseReason.SLOW);
    }
  }

  /**
   * @param result a write's result
   * @return it; a write that failed at once means the peer is gone
   */
  SendResult written(SendResult result) {
    if (result == SendResult.CLOSED) {
      peerGone();
    }
    return result;
  }

  /**
   * Accounts one Vert.x write: its bytes out and, until it completes, pending.
   *
   * @param written the write's future
   * @param size    the bytes it puts on the wire
   * @return what {@link #write} returns
   */
  SendResult track(Future<Void> written, int size) {
    if (written.isComplete()) {
      return done(size, written.succeeded());
    }
    queued(size);
    written.onComplete(ar -> completed(size));
    return SendResult.QUEUED;
  }

  /**
   * Accounts one Netty write, as {@link #track(Future, int)} does.
   *
   * @param written the write's future
   * @param size    the bytes it puts on the wire
   * @return what {@link #write} returns
   */
  SendResult track(ChannelFuture written, int size) {
    if (written.isDone()) {
      return done(size, written.isSuccess());
    }
    queued(size);
    written.addListener(f -> completed(size));
    return SendResult.QUEUED;
  }

  private SendResult done(int size, boolean succeeded) {
    if (!succeeded) {
      return SendResult.CLOSED;
    }
    bytesWritten += size;
    server.stats().add(Counter.BYTES_OUT, size);
    return SendResult.WRITTEN;
  }

  private void queued(int size) {
    bytesWritten += size;
    server.stats().add(Counter.BYTES_OUT, size);
    pending += size;
    server.stats().add(Counter.PENDING_BYTES, size);
    if (!full && pending >= maxSendBufferSize) {
      full = true;
      server.stats().increment(Counter.BUFFER_FULL);
      server.callback(this, h -> h.onBufferFull(this));
      if (pipeFrom != null) {
        pipeFrom.pauseRecv();
      }
    }
  }

  private void completed(int size) {
    pending -= size;
    server.stats().add(Counter.PENDING_BYTES, -size);
    if (pending > 0 || aborted || state == ConnectionState.CLOSED) {
      return;
    }
    full = false;
    server.stats().increment(Counter.BUFFER_DRAIN);
    server.callback(this, h -> h.onBufferDrain(this));
    if (pipeFrom != null && pipeFrom.state == ConnectionState.ESTABLISHED) {
      pipeFrom.resumeRecv();
    }
    if (state == ConnectionState.CLOSING) {
      closeTransport();
    }
  }

  private void failSend(String message) {
    server.stats().increment(Counter.SEND_FAIL);
    server.callback(this, h -> h.onError(this, ErrorCode.SEND_FAIL, message));
  }

  @Override
  public long pendingBytes() {
    return pending;
  }

  @Override
  public int maxSendBufferSize() {
    checkContext();
    return maxSendBufferSize;
  }

  @Override
  public void maxSendBufferSize(int maxSendBufferSize) {
    checkContext();
    if (maxSendBufferSize <= 0) {
      throw new IllegalArgumentException("maxSendBufferSize must be > 0, got " + maxSendBufferSize);
    }
    this.maxSendBufferSize = maxSendBufferSize;
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
    if (paused && state == ConnectionState.ESTABLISHED) {
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
        || dest.context.nettyEventLoop() != context.nettyEventLoop()) {
      throw new IllegalArgumentException("pipe needs another connection on the same context");
    }
    pipeTo = dest;
    dest.pipeFrom = this;
    if (dest.full) {
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

  /**
   * Closes gracefully: sends the broadcasts queued before the close and the last message, stops
   * delivering, closes once the send buffer is empty (the sweep destroys it after
   * {@code closeTimeout}).
   */
  void close(CloseReason reason, Outbound last) {
    if (state != ConnectionState.ESTABLISHED) {
      return;
    }
    server.drainBroadcasts(); // on every close path, with or without a last message
    if (last != null) {
      send(last);
    }
    if (state != ConnectionState.ESTABLISHED) {
      return; // the last send found the peer gone or overflowed
    }
    state = ConnectionState.CLOSING;
    closeReason = reason;
    closingSince = server.now();
    // from now on what arrives is read and discarded (deliver), so the peer's close is seen
    transportClosing();
    if (pending == 0) {
      closeTransport();
    }
  }

  /**
   * Closes with a reason of the server's: the TCP protocols get a last message saying why, a
   * WebSocket gets it in the close frame.
   */
  void closeFor(CloseReason reason) {
    close(reason, closeNotice(reason));
  }

  private void closeTransport() {
    if (!transportClosing) {
      transportClosing = true;
      transportClose(closeReason);
    }
  }

  @Override
  public void destroy() {
    checkContext();
    destroy(CloseReason.DESTROYED);
  }

  /**
   * Closes now, discarding the send buffer; onClose runs before this returns. The writes the
   * abort fails fire no drain, and a send made meanwhile (from a callback) finds the connection
   * closing, so the reason stays this one.
   */
  void destroy(CloseReason reason) {
    if (state == ConnectionState.CLOSED || aborted) {
      return;
    }
    if (closeReason == null || state == ConnectionState.ESTABLISHED) {
      closeReason = reason;
    }
    aborted = true;
    state = ConnectionState.CLOSING;
    transportClosing = true;
    transportAbort();
    closed();
  }

  /** The peer went away, or a write found the socket closed. */
  void peerGone() {
    if (state == ConnectionState.ESTABLISHED) {
      failSend(CLIENT_CLOSED_MESSAGE);
    }
    destroy(CloseReason.PEER);
  }

  /** The transport closed: whatever the cause, the one place that ends the connection. */
  void closed() {
    if (state == ConnectionState.CLOSED) {
      return;
    }
    if (closeReason == null) {
      closeReason = CloseReason.PEER;
    }
    state = ConnectionState.CLOSED;
    if (registered) {
      server.unregister(this);
      server.callback(this, h -> h.onClose(this));
    }
    ConnectionBase dest = pipeTo;
    if (dest != null && dest.state == ConnectionState.ESTABLISHED) {
      dest.close(CloseReason.CLOSED, null);
    }
  }

  void registered() {
    registered = true;
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
    return bytesWritten;
  }

  // ---- inbound, from the subclass ------------------------------------------------------------

  /** Bytes arrived: counted, and the connection is alive. */
  void received(int bytes) {
    bytesRead += bytes;
    server.stats().add(Counter.BYTES_IN, bytes);
    lastReceived = server.now();
  }

  /** A whole message arrived. */
  void deliver(Buffer payload, boolean text) {
    if (state != ConnectionState.ESTABLISHED) {
      return; // reading stopped: what was in flight is discarded, as Workerman does
    }
    server.stats().increment(Counter.TOTAL_REQUEST);
    ConnectionBase dest = pipeTo;
    if (dest != null) {
      dest.send(Outbound.of(payload, text));
    } else {
      server.callback(this, h -> h.onMessage(this, payload));
    }
  }

  /** The peer broke the protocol or sent too much: counted, logged, closed with the reason. */
  void inboundError(CloseReason reason, String message) {
    server.stats().increment(reason == CloseReason.TOO_LARGE ? Counter.TOO_LARGE
        : Counter.PROTOCOL_ERRORS);
    server.clientLog().info("Gateway connection {} from {} closed: {}: {}", id, remoteAddress,
        reason.code(), message);
    closeFor(reason);
  }

  // ---- liveness, from the server's sweep ----------------------------------------------------------

  /**
   * Applies the time limits: closing flush, heartbeat, authentication, ping.
   *
   * @param now the server's clock, in ms
   */
  void sweep(long now) {
    var options = server.options();
    if (state == ConnectionState.CLOSING) {
      if (now - closingSince >= options.getCloseTimeout()) {
        server.stats().increment(Counter.CLOSE_TIMEOUTS);
        LOG.info("Gateway connection {} from {} destroyed: close not flushed within {} ms, {} bytes"
            + " pending", id, remoteAddress, options.getCloseTimeout(), pending);
        closeReason = CloseReason.CLOSE_TIMEOUT;
        destroy(CloseReason.CLOSE_TIMEOUT);
      }
      return;
    }
    if (state != ConnectionState.ESTABLISHED) {
      return;
    }
    long heartbeat = options.getHeartbeatTimeout();
    long auth = options.getAuthTimeout();
    long pingInterval = options.getPingInterval();
    if (heartbeat > 0 && now - lastReceived >= heartbeat) {
      server.stats().increment(Counter.HEARTBEAT_CLOSES);
      LOG.debug("Gateway connection {} closed: silent for {} ms", id, now - lastReceived);
      closeFor(CloseReason.HEARTBEAT_TIMEOUT);
    } else if (auth > 0 && !authenticated && now - connectedAt >= auth) {
      server.stats().increment(Counter.AUTH_CLOSES);
      LOG.debug("Gateway connection {} closed: not authenticated within {} ms", id, auth);
      closeFor(CloseReason.AUTH_TIMEOUT);
    } else if (pingInterval > 0 && now - lastReceived >= pingInterval
        && now - lastPing >= pingInterval) {
      lastPing = now;
      ping();
    }
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
        .put("sendQ", pending)
        .put("bytesRead", bytesRead)
        .put("bytesWritten", bytesWritten)
        .put("state", state.name())
        .put("paused", paused)
        .put("authenticated", authenticated)
        .put("ageMs", server.now() - connectedAt);
  }

  void checkContext() {
    if (!context.nettyEventLoop().inEventLoop()) {
      throw new IllegalStateException("call this on the connection's context (or use sendAsync)");
    }
  }

  @Override
  public String toString() {
    return protocol.wireName() + " connection " + id + " from " + remoteAddress;
  }
}
