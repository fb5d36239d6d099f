package dev.switchboard.bench.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TableTest {

  @Test
  void headerRightAlignsTheColumnsEndingInAColon() {
    assertThat(Table.header("system", "N:", "received in window: p99 ms:", "check"))
        .isEqualTo("| system | N | received in window: p99 ms | check |\n"
            + "| --- | ---: | ---: | --- |\n");
  }

  @Test
  void rowPrintsEveryCell() {
    assertThat(Table.row("ours", 10, 1.5, null, Fmt.NONE))
        .isEqualTo("| ours | 10 | 1.5 | null | – |\n");
  }
}
