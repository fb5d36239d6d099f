package dev.switchboard.gateway.impl;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

  private static boolean trusts(TrustedProxies proxies, String host) {
    return proxies.trusts(SocketAddress.inetSocketAddress(1234, host));
  }

  @Test
  void ipv4BlocksMatchTheirPrefixOnly() {
    TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.0/25",
        "172.16.5.4"));
    assertThat(trusts(proxies, "10.255.1.2")).isTrue();
    assertThat(trusts(proxies, "11.0.0.1")).isFalse();
    assertThat(trusts(proxies, "192.168.1.127")).isTrue();
    assertThat(trusts(proxies, "192.168.1.128")).isFalse();
    assertThat(trusts(proxies, "172.16.5.4")).isTrue(); // a bare address is one host
    assertThat(trusts(proxies, "172.16.5.5")).isFalse();
    assertThat(trusts(proxies, "::ffff:10.1.2.3")).isTrue(); // IPv4-mapped is IPv4
  }

  @Test
  void ipv6BlocksMatchTheirPrefixOnly() {
    TrustedProxies proxies = TrustedProxies.parse(List.of("2001:db8::/33", "::1/128"));
    assertThat(trusts(proxies, "2001:db8:7fff::1")).isTrue();
    assertThat(trusts(proxies, "2001:db8:8000::1")).isFalse();
    assertThat(trusts(proxies, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(trusts(proxies, "::2")).isFalse();
    assertThat(trusts(proxies, "127.0.0.1")).isFalse(); // another family
  }

  @Test
  void zeroPrefixTrustsAFamilyAndTheEmptySetNobody() {
    TrustedProxies any4 = TrustedProxies.parse(List.of("0.0.0.0/0"));
    assertThat(trusts(any4, "203.0.113.9")).isTrue();
    assertThat(trusts(any4, "2001:db8::1")).isFalse();
    assertThat(TrustedProxies.parse(List.of()).isEmpty()).isTrue();
    assertThat(trusts(TrustedProxies.parse(List.of()), "127.0.0.1")).isFalse();
    assertThat(TrustedProxies.NONE.trusts((io.vertx.core.net.SocketAddress) null)).isFalse();
    assertThat(TrustedProxies.parse(List.of("127.0.0.0/8"))
        .trusts(SocketAddress.domainSocketAddress("/tmp/s"))).isFalse();
  }

  @Test
  void badBlocksAreRefusedWithTheEntryNamed() {
    for (String bad : List.of("", "10.0.0.0/33", "::/129", "10.0.0/8", "proxy.example.com",
        "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "[::1]/128", "10.0.0.0/ 8", "1.2.3.4 ",
        "fe80::1%eth0/64", "10.0.0.0/0008")) {
      assertThatThrownBy(() -> TrustedProxies.parse(List.of("127.0.0.1", bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("trustedProxies: '" + bad + "'");
    }
  }
}
