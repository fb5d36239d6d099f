package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelPhpOptionsTest {

  private static ChannelPhpOptions parse(String... args) {
    ChannelPhpOptions options = new ChannelPhpOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void noArgumentsGiveTheDefaults() {
    ChannelPhpOptions o = parse();
    assertThat(o.cell().run().warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.cell().run().duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.cell().prewarm()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.cell().rounds()).isEqualTo(3);
    assertThat(o.subscriberCounts()).containsExactly(1, 10);
    assertThat(o.cell().window()).isEqualTo(128);
    assertThat(o.cell().eventLoops()).isEqualTo(2);
    assertThat(o.cell().federated()).isTrue();
    assertThat(o.php()).isEqualTo("php");
    assertThat(o.phpScripts()).isEqualTo(Path.of("benchmarks", "php"));
    assertThat(o.phpData()).isEqualTo("string");
    assertThat(o.rate()).isZero();
  }

  @Test
  void everyOptionSetsItsValue() {
    ChannelPhpOptions o = parse("--warmup", "1", "--duration", "2", "--prewarm", "0",
        "--rounds", "5", "--subscribers", "3,7", "--window", "16", "--event-loops", "4",
        "--no-federated", "--php", "/usr/bin/php8.2", "--php-scripts", "scripts",
        "--php-data", "array", "--rate", "20000", "--results", "out");
    assertThat(o.cell().run().warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.cell().run().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.cell().prewarm()).isZero();
    assertThat(o.cell().rounds()).isEqualTo(5);
    assertThat(o.subscriberCounts()).containsExactly(3, 7);
    assertThat(o.cell().window()).isEqualTo(16);
    assertThat(o.cell().eventLoops()).isEqualTo(4);
    assertThat(o.cell().federated()).isFalse();
    assertThat(o.php()).isEqualTo("/usr/bin/php8.2");
    assertThat(o.phpScripts()).isEqualTo(Path.of("scripts").toAbsolutePath());
    assertThat(o.phpData()).isEqualTo("array");
    assertThat(o.rate()).isEqualTo(20_000);
    assertThat(o.cell().run().resultsDir()).isEqualTo(Path.of("out"));
  }

  @Test
  void quickIsOneShortRoundAndLaterOptionsOverrideIt() {
    ChannelPhpOptions o = parse("--quick", "--rounds", "2");
    assertThat(o.cell().run().warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.cell().run().duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.cell().prewarm()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.cell().rounds()).isEqualTo(2);
  }

  @Test
  void badValuesAreRefusedWithTheirOption() {
    assertThatThrownBy(() -> CommandLines.parse(new ChannelPhpOptions(), "--php-data", "object"))
        .hasMessageContaining("--php-data");
    assertThatThrownBy(() -> CommandLines.parse(new ChannelPhpOptions(), "--subscribers", "0"))
        .hasMessageContaining("--subscribers");
    assertThatThrownBy(() -> CommandLines.parse(new ChannelPhpOptions(), "--rounds", "x"))
        .hasMessageContaining("--rounds");
    assertThatThrownBy(() -> CommandLines.parse(new ChannelPhpOptions(), "--rate", "-1"))
        .hasMessageContaining("--rate");
  }
}
