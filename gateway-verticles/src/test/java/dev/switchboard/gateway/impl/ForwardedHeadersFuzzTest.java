package dev.switchboard.gateway.impl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.gateway.impl.ForwardedHeaders.Hop;
import dev.switchboard.gateway.impl.ForwardedHeaders.Malformed;
import io.netty.util.NetUtil;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link ForwardedHeaders}, the parser of the headers in which a
 * trusted proxy names the client (docs/fuzzing.md). The first input byte picks the header ({@code
 * Forwarded}, {@code X-Forwarded-For} or {@code X-Real-IP}); the rest, read as ISO-8859-1 as
 * HTTP header bytes are, is its values, one per line.
 *
 * <p>Asserted for every input: the parser returns the client, or null for no header, or throws
 * {@link Malformed}, and nothing else; over {@value ForwardedHeaders#MAX_LENGTH} characters is
 * always malformed; the client named is the proxy itself or an IP address literal (never a name
 * to look up) with a port from 0 to 65535.
 */
class ForwardedHeadersFuzzTest {

  private static final TrustedProxies TRUSTED =
      TrustedProxies.parse(List.of("10.0.0.0/8", "fd00::/8"));
  private static final Hop PEER = new Hop("10.0.0.1", 40000);

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    int header = input.length == 0 ? 0 : (input[0] & 0xff) % 3;
    String text = new String(input, Math.min(1, input.length),
        Math.max(0, input.length - 1), StandardCharsets.ISO_8859_1);
    List<String> values = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    Hop client;
    try {
      client = switch (header) {
        case 0 -> ForwardedHeaders.forwarded(values, TRUSTED, PEER);
        case 1 -> ForwardedHeaders.xForwardedFor(values, TRUSTED, PEER);
        default -> ForwardedHeaders.xRealIp(values);
      };
    } catch (Malformed malformed) {
      assertThat(malformed.getMessage()).isNotBlank();
      return;
    }
    int length = values.stream().mapToInt(String::length).sum() + Math.max(0, values.size() - 1);
    assertThat(length).as("accepted length").isLessThanOrEqualTo(ForwardedHeaders.MAX_LENGTH);
    if (client == null || client == PEER) {
      return;
    }
    assertThat(NetUtil.isValidIpV4Address(client.host())
        || NetUtil.isValidIpV6Address(client.host())).as("an address literal: %s", client)
        .isTrue();
    assertThat(client.port()).isBetween(0, 65535);
  }
}
