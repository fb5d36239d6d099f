package dev.switchboard.gateway;

/**
 * What a broadcast did, connection by connection.
 *
 * @param written connections whose socket took the message at once
 * @param queued  connections that hold it in their send buffer
 * @param dropped connections whose send buffer was full
 * @param closed  connections that were closing or closed
 */
public record BroadcastResult(int written, int queued, int dropped, int closed) {

  /** No connection at all. */
  public static final BroadcastResult NONE = new BroadcastResult(0, 0, 0, 0);

  /**
   * @return the connections that accepted the message (written + queued)
   */
  public int accepted() {
    return written + queued;
  }

  /**
   * @param other another result
   * @return the sum of both
   */
  public BroadcastResult plus(BroadcastResult other) {
    return new BroadcastResult(written + other.written, queued + other.queued,
        dropped + other.dropped, closed + other.closed);
  }
}
