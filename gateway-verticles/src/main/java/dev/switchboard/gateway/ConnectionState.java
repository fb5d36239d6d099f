package dev.switchboard.gateway;

/** The life cycle of a {@link Connection}, with Workerman's state names. */
public enum ConnectionState {
  /** Open: sends are accepted, messages are delivered (unless reading is paused). */
  ESTABLISHED,
  /**
   * Closing gracefully: reading stopped, sends return {@link SendResult#CLOSED}, pending bytes are
   * being flushed; the connection is destroyed when they are or when {@code closeTimeout} ends.
   */
  CLOSING,
  /** Closed; {@link GatewayHandler#onClose} has been called (exactly once). */
  CLOSED
}
