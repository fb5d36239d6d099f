package dev.switchboard.gateway.impl.workerman;

import java.util.HexFormat;

/**
 * GatewayWorker's client ids: {@code bin2hex(pack('NnN', ip2long(lanIp), lanPort, connId))}, 20
 * lowercase hex digits naming the inner listener's address and a connection there. GatewayClient
 * parses them to find the address to send a command to.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param address      the inner listener's address
 * @param connectionId the connection, 0 to 2^32-1
 */
public record WorkermanClientId(WorkermanAddress address, long connectionId) {

  /** The length of an id: {@value}. */
  public static final int LENGTH = 20;

  /** Checks the connection id. */
  public WorkermanClientId {
    if (connectionId < 0 || connectionId > 0xffff_ffffL) {
      throw new IllegalArgumentException("connection id must be 0 to 2^32-1, got "
          + connectionId);
    }
  }

  /**
   * @param id a string
   * @return whether it has the form of such an id (20 lowercase hex digits, as bin2hex writes)
   */
  public static boolean matches(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param id a client id
   * @return it read, or null when it is not of this form (or names port 0 or no IPv4 address)
   */
  public static WorkermanClientId parse(String id) {
    if (!matches(id)) {
      return null;
    }
    byte[] bytes = HexFormat.of().parseHex(id);
    long ip = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8)
        | (bytes[3] & 0xffL);
    int port = ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff);
    long connection = ((bytes[6] & 0xffL) << 24) | ((bytes[7] & 0xffL) << 16)
        | ((bytes[8] & 0xffL) << 8) | (bytes[9] & 0xffL);
    if (port == 0) {
      return null;
    }
    return new WorkermanClientId(new WorkermanAddress(WorkermanAddress.dotted(ip), port),
        connection);
  }

  /**
   * @param address      an inner listener's address
   * @param connectionId a connection there
   * @return the id, lowercase, as PHP's {@code bin2hex} writes it
   */
  public static String format(WorkermanAddress address, long connectionId) {
    return new WorkermanClientId(address, connectionId).toString();
  }

  /** @return the id, 20 lowercase hex digits */
  @Override
  public String toString() {
    return String.format("%08x%04x%08x", address.ipNumber(), address.port(), connectionId);
  }
}
