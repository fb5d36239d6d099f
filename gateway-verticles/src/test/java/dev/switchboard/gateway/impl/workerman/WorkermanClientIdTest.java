package dev.switchboard.gateway.impl.workerman;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkermanClientIdTest {

  @Test
  void formatIsPhpsBin2hexOfPackNnN() {
    // php -r 'echo bin2hex(pack("NnN", ip2long("10.1.2.3"), 2901, 4294967295));'
    assertThat(WorkermanClientId.format(new WorkermanAddress("10.1.2.3", 2901), 4294967295L))
        .isEqualTo("0a0102030b55ffffffff");
    assertThat(WorkermanClientId.format(new WorkermanAddress("127.0.0.1", 65535), 0))
        .isEqualTo("7f000001ffff00000000");
  }

  @Test
  void parseIsPhpsUnpack() {
    WorkermanClientId id = WorkermanClientId.parse("0a0102030b55ffffffff");
    assertThat(id.address()).isEqualTo(new WorkermanAddress("10.1.2.3", 2901));
    assertThat(id.address().ipNumber()).isEqualTo(167838211L);
    assertThat(id.connectionId()).isEqualTo(4294967295L);
    assertThat(id.toString()).isEqualTo("0a0102030b55ffffffff");
  }

  @Test
  void otherStringsAreNotSuchIds() {
    assertThat(WorkermanClientId.parse("0a0102030b55fffffff")).isNull(); // 19
    assertThat(WorkermanClientId.parse("0A0102030B55FFFFFFFF")).isNull(); // bin2hex is lowercase
    assertThat(WorkermanClientId.parse("0a01020300000000000f")).as("port 0").isNull();
    assertThat(WorkermanClientId.parse("0123456789abcdef-1-1")).isNull();
    assertThat(WorkermanClientId.parse(null)).isNull();
    assertThat(WorkermanClientId.matches("00000000000000000000")).isTrue();
    assertThatThrownBy(() -> new WorkermanAddress("example.org", 1))
        .hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> WorkermanClientId.format(new WorkermanAddress("1.2.3.4", 1), -1))
        .hasMessageContaining("connection id");
  }
}
