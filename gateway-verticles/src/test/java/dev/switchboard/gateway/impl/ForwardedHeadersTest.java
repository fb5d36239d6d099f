package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.impl.ForwardedHeaders.Hop;
import dev.switchboard.gateway.impl.ForwardedHeaders.Malformed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardedHeadersTest {

  private static final TrustedProxies TRUSTED =
      TrustedProxies.parse(List.of("10.0.0.0/8", "fd00::/8"));
  private static final Hop PEER = new Hop("10.0.0.1", 40000);

  private static Hop forwarded(String... values) throws Malformed {
    return ForwardedHeaders.forwarded(List.of(values), TRUSTED, PEER);
  }

  private static Hop xff(String... values) throws Malformed {
    return ForwardedHeaders.xForwardedFor(List.of(values), TRUSTED, PEER);
  }

  @Test
  void forwardedNamesTheNearestUntrustedHop() throws Malformed {
    assertThat(forwarded("for=192.0.2.60;proto=http;by=203.0.113.43"))
        .isEqualTo(new Hop("192.0.2.60", 0));
    // from the right: 10.1.1.1 is a trusted proxy, 198.51.100.17 is the client; what the client
    // put before it (a spoof) is not read
    assertThat(forwarded("for=1.1.1.1, for=198.51.100.17", "for=10.1.1.1"))
        .isEqualTo(new Hop("198.51.100.17", 0));
    assertThat(forwarded("For=\"192.0.2.43:4711\"")).isEqualTo(new Hop("192.0.2.43", 4711));
    assertThat(forwarded("for=\"[2001:db8:cafe::17]:4711\""))
        .isEqualTo(new Hop("2001:db8:cafe::17", 4711));
    assertThat(forwarded("for=\"[2001:db8:cafe::17]\";proto=https, for=\"[fd00::5]\""))
        .isEqualTo(new Hop("2001:db8:cafe::17", 0));
    assertThat(forwarded("proto=https;for=\"192.0.2.1:_abc\";host=\"a;b,c\""))
        .isEqualTo(new Hop("192.0.2.1", 0)); // quoted separators, an obfuscated port
    // every hop trusted: the first one is the client
    assertThat(forwarded("for=10.9.9.9, for=10.8.8.8")).isEqualTo(new Hop("10.9.9.9", 0));
  }

  @Test
  void hiddenHopsEndTheWalkAtTheLastKnownAddress() throws Malformed {
    assertThat(forwarded("for=unknown")).isSameAs(PEER);
    assertThat(forwarded("for=_hidden")).isSameAs(PEER);
    assertThat(forwarded("for=203.0.113.5, for=_gazonk, for=10.2.2.2"))
        .isEqualTo(new Hop("10.2.2.2", 0));
    assertThat(xff("203.0.113.5, unknown")).isSameAs(PEER);
  }

  @Test
  void xForwardedForIsWalkedFromTheRight() throws Malformed {
    assertThat(xff("203.0.113.7")).isEqualTo(new Hop("203.0.113.7", 0));
    assertThat(xff("6.6.6.6, 203.0.113.7, 10.0.0.2, 10.0.0.3"))
        .isEqualTo(new Hop("203.0.113.7", 0));
    assertThat(xff("6.6.6.6", "203.0.113.7,10.0.0.2")).isEqualTo(new Hop("203.0.113.7", 0));
    assertThat(xff("2001:db8::1, fd00::1")).isEqualTo(new Hop("2001:db8::1", 0));
    assertThat(xff("[2001:db8::1]:8080")).isEqualTo(new Hop("2001:db8::1", 8080));
    assertThat(xff("203.0.113.7:9999")).isEqualTo(new Hop("203.0.113.7", 9999));
    assertThat(xff("::ffff:203.0.113.7")).isEqualTo(new Hop("203.0.113.7", 0));
  }

  @Test
  void absentOrEmptyHeadersNameNobody() throws Malformed {
    assertThat(forwarded()).isNull();
    assertThat(xff()).isNull();
    assertThat(xff(" ")).isNull();
    assertThat(ForwardedHeaders.xRealIp(List.of())).isNull();
  }

  @Test
  void xRealIpIsOneAddress() throws Malformed {
    assertThat(ForwardedHeaders.xRealIp(List.of(" 203.0.113.8 ")))
        .isEqualTo(new Hop("203.0.113.8", 0));
    assertThatThrownBy(() -> ForwardedHeaders.xRealIp(List.of("1.2.3.4", "5.6.7.8")))
        .isInstanceOf(Malformed.class);
    assertThatThrownBy(() -> ForwardedHeaders.xRealIp(List.of("unknown")))
        .isInstanceOf(Malformed.class);
    assertThatThrownBy(() -> ForwardedHeaders.xRealIp(List.of("1.2.3.4, 5.6.7.8")))
        .isInstanceOf(Malformed.class);
  }

  @Test
  void malformedHeadersAreRefused() {
    for (String bad : List.of("for=", "for", "=1.2.3.4", "for=1.2.3.4;;", "for=1.2.3.4,",
        "for=\"1.2.3.4", "for=2001:db8::1", "for=\"[2001:db8::1\"", "for=\"[::1]x\"",
        "for=host.example", "for=1.2.3.4:99999", "for=1.2.3.4:8a", "for=1.2.3.4 junk",
        "for=1.2.3.4;for=5.6.7.8", "proto=https", "for=_", "for=\"_a b\"", "for=1.2.3.4%20",
        "for=\"[fe80::1%eth0]\"")) {
      assertThatThrownBy(() -> forwarded(bad)).as(bad).isInstanceOf(Malformed.class);
    }
    for (String bad : List.of("1.2.3.4,,5.6.7.8", "evil.example", "1.2.3.4 5.6.7.8", "_hidden",
        "[::1", "1.2.3.4:", "300.1.1.1", "1.2.3.4,")) {
      assertThatThrownBy(() -> xff(bad)).as(bad).isInstanceOf(Malformed.class);
    }
  }

  @Test
  void noInputThrowsAnythingButMalformed() {
    // random mixes of the characters the syntax gives meaning to (a fixed seed: repeatable)
    String alphabet = "for=;,\"\\[]:._-unknow 0123456789abcdef:fd00::1.\t%ÿ";
    java.util.Random random = new java.util.Random(15);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String header = (random.nextBoolean() ? "for=" : "") + value;
      for (int kind = 0; kind < 3; kind++) {
        try {
          Hop hop = kind == 0 ? forwarded(header) : kind == 1 ? xff(header)
              : ForwardedHeaders.xRealIp(List.of(header));
          if (hop != null && hop != PEER) {
            assertThat(TrustedProxies.address(hop.host())).as(header).isNotNull();
            assertThat(hop.port()).as(header).isBetween(0, 65_535);
          }
        } catch (Malformed expected) {
          assertThat(expected.getMessage()).isNotBlank();
        }
      }
    }
  }

  @Test
  void headersAreBoundedInLengthAndHops() throws Malformed {
    String hops = String.join(",", java.util.Collections.nCopies(ForwardedHeaders.MAX_HOPS,
        "10.0.0.9"));
    assertThat(xff(hops)).isEqualTo(new Hop("10.0.0.9", 0));
    assertThatThrownBy(() -> xff(hops + ",10.0.0.9")).isInstanceOf(Malformed.class)
        .hasMessageContaining("hops");
    String elements = String.join(",", java.util.Collections.nCopies(ForwardedHeaders.MAX_HOPS
        + 1, "for=10.0.0.9"));
    assertThatThrownBy(() -> forwarded(elements)).isInstanceOf(Malformed.class)
        .hasMessageContaining("hops");
    assertThatThrownBy(() -> xff("1".repeat(ForwardedHeaders.MAX_LENGTH + 1)))
        .isInstanceOf(Malformed.class).hasMessageContaining("characters");
    assertThatThrownBy(() -> forwarded("for=1.2.3.4", "x".repeat(ForwardedHeaders.MAX_LENGTH)))
        .isInstanceOf(Malformed.class).hasMessageContaining("characters");
  }
}
