package dev.switchboard.bench.checks;

import dev.switchboard.bench.common.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChecksOptionsTest {

  private static ChecksOptions parse(String... args) {
    ChecksOptions options = new ChecksOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void noArgumentsGiveTheDefaults() {
    ChecksOptions o = parse();
    assertThat(o.resultsDir()).isEqualTo(Path.of("benchmarks", "results"));
    assertThat(o.forks()).isEqualTo(3);
    assertThat(o.warmups()).isEqualTo(5);
    assertThat(o.iterations()).isEqualTo(10);
    assertThat(o.seconds()).isEqualTo(1);
    assertThat(o.include()).isNull();
  }

  @Test
  void everyOptionSetsItsValue() {
    ChecksOptions o = parse("--results", "out", "--forks", "2", "--warmups", "0",
        "--iterations", "7", "--seconds", "4", "--include", "DecodeChecks.new.*");
    assertThat(o.resultsDir()).isEqualTo(Path.of("out"));
    assertThat(o.forks()).isEqualTo(2);
    assertThat(o.warmups()).isZero();
    assertThat(o.iterations()).isEqualTo(7);
    assertThat(o.seconds()).isEqualTo(4);
    assertThat(o.include()).isEqualTo("DecodeChecks.new.*");
  }

  @Test
  void quickShortensTheRunUnlessOverriddenAfterIt() {
    ChecksOptions quick = parse("--quick", "--seconds", "2");
    assertThat(quick.forks()).isEqualTo(1);
    assertThat(quick.warmups()).isEqualTo(2);
    assertThat(quick.iterations()).isEqualTo(3);
    assertThat(quick.seconds()).isEqualTo(2);
    assertThat(parse("--quick", "--forks", "2").forks()).isEqualTo(2);
    assertThat(parse("--iterations", "9", "--quick").iterations()).isEqualTo(3);
  }

  @Test
  void theLastResultsGivenWinAsTheScriptExpects() {
    // benchmarks/lib/bench-run.sh puts --results before the user's arguments
    assertThat(parse("--results", "a", "--quick", "--results", "b").resultsDir())
        .isEqualTo(Path.of("b"));
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> parse("--forks", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--forks: not an integer: x");
    assertThatThrownBy(() -> parse("--iterations", "0"))
        .hasMessage("--iterations must be between 1 and 1000");
    assertThatThrownBy(() -> parse("--seconds")).hasMessageContaining("--seconds");
    assertThatThrownBy(() -> parse("--no-such")).hasMessageContaining("--no-such");
  }

  @Test
  void helpListsEveryOption() {
    assertThat(CommandLines.parse(new ChecksOptions(), "--help")).isTrue();
    assertThat(CommandLines.usage(new ChecksOptions()))
        .startsWith("usage: ChecksMain [options]")
        .contains("--results", "--forks", "--warmups", "--iterations", "--seconds", "--include",
            "--quick", "--help", "(default 3)");
  }
}
