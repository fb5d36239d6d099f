package dev.switchboard.gateway.impl;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The life of a gateway connection, whatever its protocol: the one send path (state, the text
 * protocol's newline, the send buffer's bound and the overflow policy) and the close state
 * machine: {@code ESTABLISHED -> CLOSING -> CLOSED}, the first close reason wins, onClose exactly
 * once, a graceful close waits for the send buffer to empty (at most {@code closeTimeout}), a
 * destroy ends at once. The send buffer's accounting is a {@link SendAccounting}, the liveness
 * times a {@link Liveness}; what the connection needs of its verticle is a
 * {@link ConnectionHost}. {@link ConnectionBase} puts the {@code Connection} API over it, a
 * subclass of that adapts one transport.
 *
 * <p>Threading: on the connection's context, except {@link #isOpen()}.
 */
abstract class ConnectionLifecycle implements BroadcastQueue.Target, SendAccounting.Events {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);

  final ConnectionHost host;
  final String id;
  final Protocol protocol;
  final SocketAddress remoteAddress;
  final SendAccounting sendBuffer;
  final Liveness liveness;
  private volatile ConnectionState state = ConnectionState.ESTABLISHED;
  private CloseReason closeReason;
  private boolean registered;
  private boolean transportClosing;
  private boolean aborted; // destroyed: the writes the abort fails drain nothing
  boolean authenticated;

  ConnectionLifecycle(ConnectionHost host, Protocol protocol, SocketAddress remoteAddress) {
    this.host = host;
    this.id = host.nextConnectionId();
    this.protocol = protocol;
    this.remoteAddress = remoteAddress;
    this.sendBuffer = new SendAccounting(host.stats(), host.options().getMaxSendBufferSize(),
        this);
    this.liveness = new Liveness(host.now());
  }

  // ---- the transport, in the subclass ----------------------------------------------------------

  /**
   * Writes a message and accounts it with {@link #sendBuffer}.
   *
   * @return {@link SendResult#WRITTEN} when its bytes went into the OS socket at once,
   *     {@link SendResult#QUEUED} when they are pending, {@link SendResult#CLOSED} when the write
   *     failed at once
   */
  abstract SendResult write(Outbound message);

  /**
   * Stops or restarts handing messages over. While stopped, the transport holds what arrives (the
   * Recv-Q) and stops reading from the socket once it holds
   * {@link ConnectionBase#RECEIVE_HIGH_WATER} bytes.
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

  /** @return the state */
  ConnectionState currentState() {
    return state;
  }

  /** @return why the connection closes, or null while it is established */
  CloseReason currentCloseReason() {
    return closeReason;
  }

  /**
   * @return whether the connection is established (from any thread: a recent value)
   */
  boolean isOpen() {
    return state == ConnectionState.ESTABLISHED;
  }

  /**
   * Sends an encoded message: the one send path (application sends from any thread, broadcasts,
   * pipes, notices). The broadcasts queued for this connection's verticle go first: a broadcast
   * and a send made in that order by one sender, on any thread, arrive in that order.
   */
  SendResult send(Outbound message) {
    host.beforeSend();
    SendResult refused = admit(message, 0);
    if (refused != null) {
      return refused;
    }
    return sent(write(message));
  }

  /**
   * @param result a message's write's result
   * @return it, counted as a message out when written or queued
   */
  SendResult sent(SendResult result) {
    if (result == SendResult.WRITTEN || result == SendResult.QUEUED) {
      host.stats().increment(Counter.MESSAGES_OUT);
    }
    return written(result);
  }

  /**
   * Sends messages in order (consecutive broadcasts), each as {@link #send(Outbound)} would; a
   * transport may write them all and flush once.
   */
  @Override
  public void send(List<Outbound> messages, BroadcastTally[] tallies) {
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
        sendBuffer.failSend(SendAccounting.CLIENT_CLOSED_MESSAGE);
      }
      return SendResult.CLOSED;
    }
    if (protocol == Protocol.TEXT) {
      message.line(); // throws for a message the text protocol cannot carry
    }
    if (!sendBuffer.hasRoom(unflushed)) {
      SendResult dropped = sendBuffer.drop();
      overflowed();
      return dropped;
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
    if (sendBuffer.hasRoom(0)) {
      return true;
    }
    LOG.debug("Gateway {}: control frame not sent, {} bytes pending", this, sendBuffer.pending());
    overflowed();
    return false;
  }

  /** Something found the send buffer full: under policy {@code CLOSE} the slow client is cut. */
  private void overflowed() {
    if (host.options().getOverflowPolicy() == OverflowPolicy.CLOSE
        && state == ConnectionState.ESTABLISHED) {
      host.stats().increment(Counter.SLOW_DISCONNECTS);
      LOG.info("Gateway connection {} from {} closed: slow, {} bytes pending", id, remoteAddress,
          sendBuffer.pending());
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

  /** The send buffer emptied: a graceful close waiting for it goes on. */
  void drained() {
    if (state == ConnectionState.CLOSING) {
      closeTransport();
    }
  }

  /**
   * The connection closed: it leaves its registry and the application's onClose runs (when it
   * was registered), then what depends on it (a pipe) follows.
   */
  abstract void ended(boolean registered);

  /**
   * Closes gracefully: sends the broadcasts queued before the close and the last message, stops
   * delivering, closes once the send buffer is empty (the sweep destroys it after
   * {@code closeTimeout}).
   */
  void close(CloseReason reason, Outbound last) {
    if (state != ConnectionState.ESTABLISHED) {
      return;
    }
    host.beforeSend(); // on every close path, with or without a last message
    if (last != null) {
      send(last);
    }
    if (state != ConnectionState.ESTABLISHED) {
      return; // the last send found the peer gone or overflowed
    }
    state = ConnectionState.CLOSING;
    closeReason = reason;
    liveness.closing(host.now());
    // from now on what arrives is read and discarded (deliver), so the peer's close is seen
    transportClosing();
    if (sendBuffer.pending() == 0) {
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
    sendBuffer.stop();
    state = ConnectionState.CLOSING;
    transportClosing = true;
    transportAbort();
    closed();
  }

  /** The peer went away, or a write found the socket closed. */
  void peerGone() {
    if (state == ConnectionState.ESTABLISHED) {
      sendBuffer.failSend(SendAccounting.CLIENT_CLOSED_MESSAGE);
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
    sendBuffer.stop();
    ended(registered);
  }

  void registered() {
    registered = true;
  }

  // ---- liveness, from the registry's sweep ------------------------------------------------------

  /**
   * Applies the time limits: closing flush, heartbeat, authentication, ping.
   *
   * @param now the host's clock, in ms
   */
  void sweep(long now) {
    var options = host.options();
    switch (liveness.check(now, state, authenticated, options)) {
      case CLOSE_TIMEOUT -> {
        host.stats().increment(Counter.CLOSE_TIMEOUTS);
        LOG.info("Gateway connection {} from {} destroyed: close not flushed within {} ms, {} bytes"
            + " pending", id, remoteAddress, options.getCloseTimeout(), sendBuffer.pending());
        closeReason = CloseReason.CLOSE_TIMEOUT;
        destroy(CloseReason.CLOSE_TIMEOUT);
      }
      case HEARTBEAT_TIMEOUT -> {
        host.stats().increment(Counter.HEARTBEAT_CLOSES);
        LOG.debug("Gateway connection {} closed: silent for {} ms", id,
            now - liveness.lastReceived());
        closeFor(CloseReason.HEARTBEAT_TIMEOUT);
      }
      case AUTH_TIMEOUT -> {
        host.stats().increment(Counter.AUTH_CLOSES);
        LOG.debug("Gateway connection {} closed: not authenticated within {} ms", id,
            options.getAuthTimeout());
        closeFor(CloseReason.AUTH_TIMEOUT);
      }
      case PING -> ping();
      case NONE -> {
      }
    }
  }
}
