package dev.switchboard.channel.server.impl;

import dev.switchboard.core.internal.AddressAllowList;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/**
 * Who may speak the PHP protocol to a channel server ({@code phpClientsFrom}): an
 * {@link AddressAllowList} of addresses and CIDR blocks, literals only. Public for the options,
 * which validate the list when it is set.
 *
 * <p>Threading: immutable; thread-safe.
 */
public final class PhpClients {

  /** Loopback only: {@code 127.0.0.0/8} and {@code ::1/128}. */
  public static final List<String> LOOPBACK = AddressAllowList.DEFAULT_LOOPBACK;

  private final AddressAllowList allowed;

  private PhpClients(AddressAllowList allowed) {
    this.allowed = allowed;
  }

  /**
   * @param entries addresses and CIDR blocks; empty allows nobody
   * @return the list
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  public static PhpClients of(List<String> entries) {
    return new PhpClients(AddressAllowList.of(entries));
  }

  /** @return the entries as given */
  public List<String> entries() {
    return allowed.entries();
  }

  /** @return whether a connection from this address may speak PHP */
  boolean allows(SocketAddress remote) {
    return allowed.allows(remote);
  }

  /** @return whether a connection from this host address may speak PHP */
  boolean allows(String hostAddress) {
    return allowed.allows(hostAddress);
  }
}
