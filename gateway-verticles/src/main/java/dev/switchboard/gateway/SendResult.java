package dev.switchboard.gateway;

/**
 * The outcome of {@link Connection#send}, Workerman's {@code true} / {@code null} / {@code false}
 * made explicit.
 */
public enum SendResult {
  /** Handed whole to the OS socket: the write completed before {@code send} returned. */
  WRITTEN,
  /** Held in the connection's send buffer; written when the socket accepts it. */
  QUEUED,
  /**
   * Not sent: the send buffer was at or above {@code maxSendBufferSize}. Counted in
   * {@code sendFail} and {@code dropped}; {@link GatewayHandler#onError} fires with
   * {@link ErrorCode#SEND_FAIL}. Under overflow policy {@code CLOSE} the connection is then closed
   * with reason {@link CloseReason#SLOW}.
   */
  DROPPED,
  /**
   * Not sent: the connection is closing or closed. When the peer was gone (not closed by this
   * side) it counts in {@code sendFail} and {@link GatewayHandler#onError} fires.
   */
  CLOSED;

  /**
   * @return whether the message was accepted ({@link #WRITTEN} or {@link #QUEUED})
   */
  public boolean accepted() {
    return this == WRITTEN || this == QUEUED;
  }
}
