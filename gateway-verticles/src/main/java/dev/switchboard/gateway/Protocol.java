package dev.switchboard.gateway;

import java.util.Locale;

/** How a client speaks to the gateway. */
public enum Protocol {
  /** WebSocket (RFC 6455) on the HTTP port; a message is one text or binary WebSocket message. */
  WEBSOCKET,
  /**
   * Raw TCP, Workerman's frame protocol: a uint32 big-endian length that counts its own 4 bytes,
   * then the payload. An empty frame is a heartbeat: it keeps the connection alive and is not
   * delivered.
   */
  FRAME,
  /** Raw TCP, Workerman's text protocol: a message is one line, ended by {@code \n}. */
  TEXT;

  /**
   * @return the lower-case name used in status output and config ({@code websocket}, ...)
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param wireName a name {@link #wireName()} gave, in any case
   * @return its protocol
   * @throws IllegalArgumentException for another name
   */
  public static Protocol fromWireName(String wireName) {
    if (wireName == null) {
      throw new IllegalArgumentException("protocol missing");
    }
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
