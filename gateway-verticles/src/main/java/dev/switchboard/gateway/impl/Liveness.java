package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.GatewayOptions;

/**
 * One connection's liveness times and the verdict of the sweep on them: a closing connection
 * not flushed within {@code closeTimeout}, an open one silent for {@code heartbeatTimeout}, not
 * authenticated within {@code authTimeout}, or due a ping ({@code pingInterval}).
 *
 * <p>Threading: on the connection's context.
 */
final class Liveness {

  /** What the sweep finds. */
  enum Verdict {
    /** Nothing to do. */
    NONE,
    /** Closing for longer than {@code closeTimeout}: destroy it. */
    CLOSE_TIMEOUT,
    /** Silent for {@code heartbeatTimeout}: close it. */
    HEARTBEAT_TIMEOUT,
    /** Not authenticated within {@code authTimeout}: close it. */
    AUTH_TIMEOUT,
    /** Silent for {@code pingInterval} and not pinged for as long: ping it. */
    PING
  }

  private final long connectedAt;
  private long lastReceived;
  private long lastPing;
  private long closingSince;

  /** @param now the clock when the connection opened, ms */
  Liveness(long now) {
    connectedAt = now;
    lastReceived = now;
    lastPing = now;
  }

  long connectedAt() {
    return connectedAt;
  }

  long lastReceived() {
    return lastReceived;
  }

  /** Bytes arrived: the connection is alive. */
  void received(long now) {
    lastReceived = now;
  }

  /** The connection started closing. */
  void closing(long now) {
    closingSince = now;
  }

  /**
   * @param now           the clock, ms
   * @param state         the connection's state
   * @param authenticated whether the application marked it authenticated
   * @param options       the time limits
   * @return what to do; a {@link Verdict#PING} counts as the ping sent
   */
  Verdict check(long now, ConnectionState state, boolean authenticated, GatewayOptions options) {
    if (state == ConnectionState.CLOSING) {
      return now - closingSince >= options.getCloseTimeout() ? Verdict.CLOSE_TIMEOUT
          : Verdict.NONE;
    }
    if (state != ConnectionState.ESTABLISHED) {
      return Verdict.NONE;
    }
    long heartbeat = options.getHeartbeatTimeout();
    long auth = options.getAuthTimeout();
    long pingInterval = options.getPingInterval();
    if (heartbeat > 0 && now - lastReceived >= heartbeat) {
      return Verdict.HEARTBEAT_TIMEOUT;
    }
    if (auth > 0 && !authenticated && now - connectedAt >= auth) {
      return Verdict.AUTH_TIMEOUT;
    }
    if (pingInterval > 0 && now - lastReceived >= pingInterval
        && now - lastPing >= pingInterval) {
      lastPing = now;
      return Verdict.PING;
    }
    return Verdict.NONE;
  }
}
