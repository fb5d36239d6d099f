package dev.switchboard.core.internal;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressAllowListTest {

  @Test
  void theDefaultAllowsThisHostOnly() {
    AddressAllowList loopback = AddressAllowList.of(AddressAllowList.DEFAULT_LOOPBACK);
    assertThat(loopback.allows("127.0.0.1")).isTrue();
    assertThat(loopback.allows("127.10.0.3")).isTrue();
    assertThat(loopback.allows("::1")).isTrue();
    assertThat(loopback.allows("::ffff:127.0.0.1")).isTrue();
    assertThat(loopback.allows("10.0.0.1")).isFalse();
    assertThat(loopback.allows("128.0.0.1")).isFalse();
    assertThat(loopback.allows("::2")).isFalse();
    assertThat(loopback.allows(SocketAddress.inetSocketAddress(2206, "127.0.0.1"))).isTrue();
    assertThat(loopback.allows(SocketAddress.domainSocketAddress("/tmp/x.sock"))).isFalse();
  }

  @Test
  void matchesBlocksBitByBit() {
    AddressAllowList list = AddressAllowList.of(List.of("10.1.2.0/23", "192.168.7.9",
        "fd00:ab::/32", "0.0.0.0/0"));
    assertThat(AddressAllowList.of(List.of("10.1.2.0/23")).allows("10.1.3.255")).isTrue();
    assertThat(AddressAllowList.of(List.of("10.1.2.0/23")).allows("10.1.4.0")).isFalse();
    assertThat(AddressAllowList.of(List.of("192.168.7.9")).allows("192.168.7.10")).isFalse();
    assertThat(AddressAllowList.of(List.of("fd00:ab::/32")).allows("fd00:ab:ff::1")).isTrue();
    assertThat(AddressAllowList.of(List.of("fd00:ab::/32")).allows("fd00:ac::1")).isFalse();
    assertThat(list.allows("8.8.8.8")).isTrue();
    assertThat(AddressAllowList.of(List.of()).allows("127.0.0.1")).isFalse();
    assertThat(list.entries()).containsExactly("10.1.2.0/23", "192.168.7.9", "fd00:ab::/32",
        "0.0.0.0/0");
  }

  @Test
  void refusesAnythingButLiteralAddressesNamingTheEntry() {
    for (String bad : List.of("localhost", "10.0.0.256", "10.0.0", "10.0.0.1/33", "::1/129",
        "10.0.0.0/x", "", "example.com/8", "1.2.3.4.5", "١.2.3.4")) {
      assertThatThrownBy(() -> AddressAllowList.of(List.of("127.0.0.1", bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("phpClientsFrom: '" + bad + "'");
    }
    AddressAllowList list = AddressAllowList.of(List.of("127.0.0.1"));
    assertThat(list.allows("localhost")).isFalse();
    assertThat(list.allows("not an address")).isFalse();
  }
}
