package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.AddressAllowList;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/**
 * The gateway's {@code trustedProxies}: a set of IPv4 and IPv6 address blocks in CIDR notation
 * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is one host). A connection whose TCP
 * peer is in the set may tell the gateway its client's address (forwarded headers, the PROXY
 * protocol); the empty set trusts nobody. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1})
 * is its IPv4 address, on either side.
 *
 * <p>The blocks are an {@link AddressAllowList}: literals only, a host name is an error, never a
 * DNS lookup.
 *
 * <p>Threading: immutable, thread-safe.
 */
public final class TrustedProxies {

  /** Trusts nobody. */
  public static final TrustedProxies NONE = new TrustedProxies(AddressAllowList.of(
      "trustedProxies", List.of()));

  private final AddressAllowList blocks;

  private TrustedProxies(AddressAllowList blocks) {
    this.blocks = blocks;
  }

  /**
   * Parses a list of CIDR blocks.
   *
   * @param cidrs the blocks, e.g. {@code 127.0.0.0/8}, {@code ::1/128}, {@code 192.168.1.10}
   * @return the set
   * @throws IllegalArgumentException naming the first entry that is not an address block
   */
  public static TrustedProxies parse(List<String> cidrs) {
    return cidrs.isEmpty() ? NONE : new TrustedProxies(AddressAllowList.of("trustedProxies",
        cidrs));
  }

  /**
   * @param literal an IPv4 or IPv6 address literal (no brackets, no port)
   * @return its bytes (4 for an IPv4 or IPv4-mapped address, else 16), or null when it is not an
   *     address literal
   */
  static byte[] address(String literal) {
    return AddressAllowList.address(literal);
  }

  /** @return whether the set trusts nobody */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /**
   * @param peer a connection's address
   * @return whether it is in one of the blocks (false for a domain socket or an unknown address)
   */
  public boolean trusts(SocketAddress peer) {
    return blocks.allows(peer);
  }

  /**
   * @param address an address's bytes, as {@link #address} gives them
   * @return whether it is in one of the blocks
   */
  boolean trusts(byte[] address) {
    return blocks.allows(address);
  }
}
