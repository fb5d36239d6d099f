package dev.switchboard.bench.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ArgsTest {

  @Test
  void checksAndFormatsValues() {
    assertThat(Args.seconds("--warmup", "0.25", 0)).isEqualTo(Duration.ofMillis(250));
    assertThat(Args.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
    assertThat(Args.integer("--n", " 7 ", 1, 10)).isEqualTo(7);
    assertThat(Args.millis("--interval", "2.5")).isEqualTo(2.5);
    assertThat(Args.list("3,1,,3", Integer::valueOf)).containsExactly(3, 1);
  }

  @Test
  void refusesValuesOutOfRangeNamingTheOption() {
    assertThatThrownBy(() -> Args.seconds("--warmup", "601", 0))
        .hasMessage("--warmup must be between 0.0 and 600 seconds");
    assertThatThrownBy(() -> Args.seconds("--warmup", "x", 0))
        .hasMessage("--warmup: not a number: x");
    assertThatThrownBy(() -> Args.integer("--n", "11", 1, 10))
        .hasMessage("--n must be between 1 and 10");
    assertThatThrownBy(() -> Args.millis("--interval", "0"))
        .hasMessage("--interval must be between 0.1 and 60000 ms");
    assertThatThrownBy(() -> Args.list(",", Integer::valueOf)).hasMessage("empty list: ,");
  }

  @Test
  void jfrSummaryTakesARecordingAndAnOptionalWindow() {
    JfrSummary.Options whole = new JfrSummary.Options();
    assertThat(CommandLines.parse(whole, "rec.jfr")).isFalse();
    assertThat(whole.file()).hasToString("rec.jfr");
    assertThat(whole.problem()).isNull();
    assertThat(whole.from()).isEqualTo(java.time.Instant.MIN);
    JfrSummary.Options window = new JfrSummary.Options();
    CommandLines.parse(window, "rec.jfr", "1000", "2000");
    assertThat(window.from().toEpochMilli()).isEqualTo(1000);
    assertThat(window.to().toEpochMilli()).isEqualTo(2000);
    JfrSummary.Options half = new JfrSummary.Options();
    CommandLines.parse(half, "rec.jfr", "1000");
    assertThat(half.problem()).isNotNull();
    assertThatThrownBy(() -> CommandLines.parse(new JfrSummary.Options()))
        .hasMessageContaining("file.jfr");
  }
}
