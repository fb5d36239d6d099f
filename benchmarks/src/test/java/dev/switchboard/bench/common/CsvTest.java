package dev.switchboard.bench.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CsvTest {

  @Test
  void writesTheHeaderThenOneLinePerRow() {
    Csv csv = new Csv("system", "p99_us", "check");
    csv.row("ours-1", Csv.fixed(123.4567), Csv.quoted("ok, \"in order\""));
    csv.row(List.of("redis", Csv.fixed(Double.NaN), Csv.quoted(null)));
    assertThat(csv).hasToString("system,p99_us,check\n"
        + "ours-1,123.457,\"ok, 'in order'\"\n"
        + "redis,,\n");
  }

  @Test
  void refusesARowOfAnotherWidth() {
    assertThatThrownBy(() -> new Csv("a", "b").row("1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1 cells for 2 columns");
  }
}
