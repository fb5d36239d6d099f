package dev.switchboard.core.internal;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of IPv4 and IPv6 address blocks in CIDR notation ({@code 10.0.0.0/8}, {@code
 * 2001:db8::/32}; a bare address is one host): the gateway's {@code trustedProxies} and the
 * {@code phpClientsFrom} of the Workerman-compatible listeners (whose protocols cannot
 * authenticate). The empty set allows nobody. An IPv4-mapped IPv6 address ({@code
 * ::ffff:10.0.0.1}) is its IPv4 address, on either side.
 *
 * <p>Addresses are parsed as literals only (Netty's {@link NetUtil}): a host name is an error,
 * never a DNS lookup.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class AddressAllowList {

  /** This host only: the default of {@code phpClientsFrom}. */
  public static final List<String> DEFAULT_LOOPBACK = List.of("127.0.0.0/8", "::1/128");

  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
      (byte) 0xff};

  /** One block: its address bytes (4 or 16) and the count of leading bits that must match. */
  private record Block(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<String> entries;
  private final List<Block> blocks;

  private AddressAllowList(List<String> entries, List<Block> blocks) {
    this.entries = entries;
    this.blocks = blocks;
  }

  /**
   * @param entries the blocks, e.g. {@code 127.0.0.0/8}, {@code ::1/128}, {@code 192.168.1.10}
   * @return the set
   * @throws IllegalArgumentException naming the first entry that is not an address block
   */
  public static AddressAllowList of(List<String> entries) {
    return of("phpClientsFrom", entries);
  }

  /**
   * @param option  the option the entries come from, for the error message
   * @param entries the blocks
   * @return the set
   * @throws IllegalArgumentException naming the option and the first entry that is not an address
   *     block
   */
  public static AddressAllowList of(String option, List<String> entries) {
    List<Block> blocks = new ArrayList<>(entries.size());
    for (String entry : entries) {
      blocks.add(block(option, entry));
    }
    return new AddressAllowList(List.copyOf(entries), List.copyOf(blocks));
  }

  private static Block block(String option, String cidr) {
    if (cidr == null) {
      throw new IllegalArgumentException(option + " must not hold null");
    }
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] network = host.startsWith("[") || host.indexOf('%') >= 0 ? null : address(host);
    if (network == null) {
      throw invalid(option, cidr, "not an IPv4 or IPv6 address");
    }
    int bits = network.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = cidr.substring(slash + 1);
      if (length.isEmpty() || length.length() > 3
          || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(option, cidr, "the prefix length is not a number");
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits) {
        throw invalid(option, cidr, "the prefix length is over " + bits);
      }
    }
    return new Block(network, prefix);
  }

  private static IllegalArgumentException invalid(String option, String cidr, String why) {
    return new IllegalArgumentException(option + ": '" + cidr + "' is not an address block"
        + " in CIDR notation (e.g. 10.0.0.0/8 or fd00::/8): " + why);
  }

  /**
   * @param literal an IPv4 or IPv6 address literal (no brackets, no port)
   * @return its bytes (4 for an IPv4 or IPv4-mapped address, else 16), or null when it is not an
   *     address literal
   */
  public static byte[] address(String literal) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes != null && bytes.length == 16 && startsWith(bytes, MAPPED_PREFIX)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return v4;
    }
    return bytes;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** @return the entries as given */
  public List<String> entries() {
    return entries;
  }

  /** @return whether the set allows nobody */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /**
   * @param peer a connection's remote address
   * @return whether it is in one of the blocks (false for a domain socket or an unknown address)
   */
  public boolean allows(SocketAddress peer) {
    return peer != null && peer.hostAddress() != null && allows(peer.hostAddress());
  }

  /**
   * @param hostAddress an address literal, possibly with a link-local zone ({@code fe80::1%eth0})
   * @return whether it is in one of the blocks (false for anything that is not a literal)
   */
  public boolean allows(String hostAddress) {
    int scope = hostAddress.indexOf('%'); // a link-local peer's zone: not part of its address
    byte[] address = address(scope < 0 ? hostAddress : hostAddress.substring(0, scope));
    return address != null && allows(address);
  }

  /**
   * @param address an address's bytes, as {@link #address} gives them
   * @return whether it is in one of the blocks
   */
  public boolean allows(byte[] address) {
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
