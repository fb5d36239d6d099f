package dev.switchboard.gateway.impl.workerman;

import io.netty.util.NetUtil;

/**
 * The address of a gateway node's inner listener as PHP sees it (GatewayWorker's
 * {@code lanIp:lanPort}): in the node's client ids, in what a Register lists, and what a
 * GatewayClient connects to.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param ip   an IPv4 address, dotted
 * @param port the port, 1 to 65535
 */
public record WorkermanAddress(String ip, int port) {

  /** Checks the address. */
  public WorkermanAddress {
    if (!NetUtil.isValidIpV4Address(ip)) {
      throw new IllegalArgumentException("not an IPv4 address: \"" + ip + "\"");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
  }

  /** @return the address as PHP's {@code ip2long} gives it */
  public long ipNumber() {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    return ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8)
        | (bytes[3] & 0xffL);
  }

  /**
   * @param number an address as PHP's {@code ip2long} gives it
   * @return it dotted ({@code long2ip})
   */
  public static String dotted(long number) {
    return ((number >>> 24) & 0xff) + "." + ((number >>> 16) & 0xff) + "." + ((number >>> 8) & 0xff)
        + "." + (number & 0xff);
  }

  /** @return {@code ip:port} */
  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
