package dev.switchboard.bench.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FmtTest {

  @Test
  void missingFiguresPrintAsADash() {
    assertThat(List.of(Fmt.count(Double.NaN), Fmt.rate(-1), Fmt.millis(-1), Fmt.micros(Double.NaN),
        Fmt.ratio(Double.POSITIVE_INFINITY), Fmt.ratio(5, 0), Fmt.ratio(-1, 5),
        Fmt.ratio(Double.NaN, 5), Fmt.percent(-1), Fmt.calls(-1), Fmt.mib(Double.NaN),
        Fmt.mibOrNone(-1))).containsOnly("–");
  }

  @Test
  void figuresKeepTheirReportFormats() {
    assertThat(Fmt.count(1234567.4)).isEqualTo("1,234,567");
    assertThat(Fmt.rate(999.5)).isEqualTo("1,000");
    assertThat(Fmt.millis(0.844)).isEqualTo("0.84");
    assertThat(Fmt.millis(12.34)).isEqualTo("12.3");
    assertThat(Fmt.millis(4051.2)).isEqualTo("4,051");
    assertThat(Fmt.micros(3.24)).isEqualTo("3.2");
    assertThat(Fmt.micros(145.4)).isEqualTo("145");
    assertThat(Fmt.ratio(1.234)).isEqualTo("1.23");
    assertThat(Fmt.ratio(0.0456)).isEqualTo("0.046");
    assertThat(Fmt.ratio(300, 200)).isEqualTo("1.50");
    assertThat(Fmt.percent(0.974)).isEqualTo("97%");
    assertThat(Fmt.calls(0.125)).isEqualTo("0.125");
    assertThat(Fmt.mib(-0.01)).isEqualTo("0.0");
    assertThat(Fmt.kib(3 * 1024 + 215)).isEqualTo("3.21");
  }

  @Test
  void medianIgnoresMissingValues() {
    assertThat(Fmt.median(Arrays.asList(3.0, Double.NaN, 1.0, null, 2.0))).isEqualTo(2.0);
    assertThat(Fmt.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Fmt.median(List.of(Double.NaN))).isNaN();
  }
}
