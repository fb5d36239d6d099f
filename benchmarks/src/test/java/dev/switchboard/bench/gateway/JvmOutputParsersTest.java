package dev.switchboard.bench.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JvmOutputParsersTest {

  @Test
  void heapInfoSumsTheGenerationsWithoutMetaspace() {
    String serial = """
        12345:
         def new generation   total 39296K, used 2097K [0x0000000080000000, 0x0000000082aa0000)
          eden space 34944K,   6% used [0x0000000080000000, 0x0000000080208d58)
         tenured generation   total 87424K, used 10240K [0x0000000082aa0000, 0x0000000088000000)
         Metaspace       used 20000K, committed 20480K, reserved 1114112K
          class space    used 2000K, committed 2200K, reserved 1048576K
        """;
    assertThat(JvmHeap.parse(serial)).isEqualTo((2097L + 10240L) * 1024);
    assertThatThrownBy(() -> JvmHeap.parse("12345:\nnothing here\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no heap figure");
  }

  @Test
  void classHistogramReadsEveryClassAndTheGrowthBetweenTwo() {
    ClassHistogram before = ClassHistogram.parse("""
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:          8749       10606552  [B (java.base@17.0.15)
           2:          3000          72000  java.lang.String (java.base@17.0.15)
        Total         11749       10678552
        """);
    ClassHistogram after = ClassHistogram.parse("""
           1:          9749       11606552  [B (java.base@17.0.15)
           2:          3000          72000  java.lang.String (java.base@17.0.15)
           3:           100           4800  dev.switchboard.gateway.impl.Conn
        """);
    assertThat(before.classes()).hasSize(2);
    assertThat(before.classes().get("[B").instances()).isEqualTo(8749);
    assertThat(after.growthSince(before, 5)).containsExactly(
        new ClassHistogram.Entry("[B", 1000, 1_000_000),
        new ClassHistogram.Entry("dev.switchboard.gateway.impl.Conn", 100, 4800));
  }
}
