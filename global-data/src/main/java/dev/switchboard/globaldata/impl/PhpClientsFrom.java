package dev.switchboard.globaldata.impl;

import dev.switchboard.core.internal.AddressAllowList;

import java.util.List;

/**
 * The {@code phpClientsFrom} option's allow-list ({@link AddressAllowList}), reached from here
 * because a public API class uses no internal package.
 *
 * <p>Stateless; thread-safe.
 */
public final class PhpClientsFrom {

  private PhpClientsFrom() {
  }

  /**
   * @param entries addresses and CIDR blocks
   * @throws IllegalArgumentException naming the option and an entry that is neither
   */
  public static void check(List<String> entries) {
    of(entries);
  }

  /**
   * @param entries addresses and CIDR blocks
   * @return the allow-list
   * @throws IllegalArgumentException naming the option and an entry that is neither
   */
  static AddressAllowList of(List<String> entries) {
    return AddressAllowList.of("phpClientsFrom", entries);
  }
}
