package dev.switchboard.gateway;

import java.util.Locale;

/**
 * Why a connection closed. The first reason recorded wins: a slow client that then drops its
 * socket stays {@link #SLOW}. {@link #code()} is the lower-case name used in logs, status output,
 * WebSocket close frames and the error message of the TCP protocols.
 */
public enum CloseReason {
  /** The peer closed the connection or the socket failed. */
  PEER,
  /** The application called {@link Connection#close} and the flush completed. */
  CLOSED,
  /** The application called {@link Connection#destroy}. */
  DESTROYED,
  /** The send buffer overflowed under overflow policy {@code CLOSE}. */
  SLOW,
  /** Nothing was received for {@code heartbeatTimeout}. */
  HEARTBEAT_TIMEOUT,
  /** The application did not mark the connection authenticated within {@code authTimeout}. */
  AUTH_TIMEOUT,
  /** A graceful close did not flush within {@code closeTimeout}: the connection was destroyed. */
  CLOSE_TIMEOUT,
  /** An inbound message was larger than {@code maxPackageSize}. */
  TOO_LARGE,
  /** The peer broke the protocol (bad frame length, invalid WebSocket frame). */
  PROTOCOL_ERROR,
  /**
   * A WebSocket text message or close reason was not valid UTF-8 (close code 1007, RFC 6455
   * section 8.1).
   */
  INVALID_PAYLOAD,
  /** The verticle already held {@code maxConnections}: the connection was refused. */
  TOO_MANY_CONNECTIONS,
  /**
   * No business verticle took the client's events within {@code businessTimeout}, or the business
   * still ran the client's events after two of them.
   */
  NO_BUSINESS,
  /** The gateway verticle was undeployed. */
  SHUTDOWN,
  /**
   * The connect hook rejected a TCP client (its close message carries the status and reason).
   * Never seen by {@code onClose}: a rejected client has no connection.
   */
  REJECTED;

  /**
   * @return the lower-case name: {@code slow}, {@code heartbeat_timeout}, ...
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
