package dev.switchboard.channel.impl;

/**
 * Whether a remote client's connection is alive, from when it last received and last sent: a
 * quiet connection is pinged, one silent for the ping interval plus the pong timeout is dead.
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class ServerLiveness {

  /** What a check finds. */
  enum Verdict {
    /** Nothing to do. */
    FINE,
    /** Nothing received or nothing sent for a ping interval: send a ping. */
    PING,
    /** Nothing received for the ping interval plus the pong timeout: replace the connection. */
    DEAD
  }

  private final long pingInterval;
  private final long pongTimeout;
  private long lastReceived;
  private long lastSent;

  /**
   * @param pingInterval the ping interval, in milliseconds; 0 turns pings off
   * @param pongTimeout  how long after a ping the server may stay silent, in milliseconds
   */
  ServerLiveness(long pingInterval, long pongTimeout) {
    this.pingInterval = pingInterval;
    this.pongTimeout = pongTimeout;
  }

  /** Something was received at {@code now} (a connection opening counts). */
  void received(long now) {
    lastReceived = now;
  }

  /** Something was sent at {@code now}. */
  void sent(long now) {
    lastSent = now;
  }

  /** @return how long nothing has been received, in milliseconds */
  long silence(long now) {
    return now - lastReceived;
  }

  /** @return what the connection needs at {@code now} */
  Verdict check(long now) {
    if (pingInterval <= 0) {
      return Verdict.FINE;
    }
    long silent = silence(now);
    if (silent >= pingInterval + pongTimeout) {
      return Verdict.DEAD;
    }
    return silent >= pingInterval || now - lastSent >= pingInterval ? Verdict.PING : Verdict.FINE;
  }
}
