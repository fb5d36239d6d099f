package dev.switchboard.status;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The status tools' arguments: usage on {@code --help} (exit 0) and on a bad argument (exit 2,
 * the reason first), addresses as {@code host:port} or a bare port.
 */
class StatusArgumentsTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aBarePortIsOnLoopbackAndBadAddressesAreRefused() {
    assertThat(Address.parse("8282")).isEqualTo(new Address("127.0.0.1", 8282));
    assertThat(Address.parse("10.0.0.5:2206")).isEqualTo(new Address("10.0.0.5", 2206));
    for (String bad : new String[] {"", "0", "65536", "host", "host:", ":80", "1.2.3.4:x",
        "8282 "}) {
      assertThatThrownBy(() -> Address.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(gateway("--help")).isZero();
    assertThat(text(out)).contains("Usage: gateway-status", "--cluster", "-d, --live",
        "connections", "statusPort", "Exit status");
    out.reset();
    assertThat(channel(Map.of(), "-h")).isZero();
    assertThat(text(out)).contains("Usage: channel-status", "SWITCHBOARD_CHANNEL_TOKEN", "ps");
  }

  @Test
  void badArgumentsPrintTheReasonAndTheUsageAndExitTwo() {
    String[][] gatewayBad = {{"--nope"}, {"abc"}, {"8282", "status"}, {"8282", "connections",
        "x"}, {"--limit", "5"}, {"connections", "--cluster", "--limit", "0"}, {"--timeout", "0"},
        {"--timeout", "x"}};
    for (String[] args : gatewayBad) {
      err.reset();
      assertThat(gateway(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(text(err)).as(String.join(" ", args)).contains("Usage: gateway-status");
    }
    err.reset();
    assertThat(gateway("99999")).isEqualTo(2);
    assertThat(text(err)).startsWith("'99999' is not host:port nor a port (1-65535)");
    for (String[] args : new String[][] {{"--nope"}, {"host:"}, {"2206", "token", "more"},
        {"--timeout", "-1"}}) {
      err.reset();
      assertThat(channel(Map.of(), args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(text(err)).contains("Usage: channel-status");
    }
  }

  private int gateway(String... args) {
    return GatewayStatus.run(args, stream(out), stream(err));
  }

  private int channel(Map<String, String> env, String... args) {
    return ChannelStatus.run(args, stream(out), stream(err), env);
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
