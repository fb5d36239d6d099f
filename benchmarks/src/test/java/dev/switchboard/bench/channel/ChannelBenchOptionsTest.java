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
class ChannelBenchOptionsTest {

  private static ChannelBenchOptions parse(String... args) {
    ChannelBenchOptions options = new ChannelBenchOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void noArgumentsGiveTheDefaults() {
    ChannelBenchOptions o = parse();
    assertThat(o.run().warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.run().duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.prewarm()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.rounds()).isEqualTo(3);
    assertThat(o.subscriberCounts()).containsExactly(1, 10, 50);
    assertThat(o.window()).isEqualTo(128);
    assertThat(o.eventLoops()).isEqualTo(2);
    assertThat(o.run().redis()).isTrue();
    assertThat(o.federated()).isTrue();
    assertThat(o.run().profile()).isTrue();
    assertThat(o.profileSubscribers()).isEqualTo(10);
    assertThat(o.run().resultsDir()).isEqualTo(Path.of("benchmarks", "results"));
    assertThat(o.run().redisServer()).isEqualTo("redis-server");
  }

  @Test
  void everyOptionSetsItsValue() {
    ChannelBenchOptions o = parse("--warmup", "1", "--duration", "2", "--prewarm", "0",
        "--rounds", "5", "--subscribers", "3,7", "--window", "16", "--event-loops", "4",
        "--profile-subscribers", "20", "--no-redis", "--no-federated", "--no-profile",
        "--results", "out", "--redis-server", "/opt/redis-server");
    assertThat(o.run().warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.run().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.prewarm()).isZero();
    assertThat(o.rounds()).isEqualTo(5);
    assertThat(o.subscriberCounts()).containsExactly(3, 7);
    assertThat(o.window()).isEqualTo(16);
    assertThat(o.eventLoops()).isEqualTo(4);
    assertThat(o.profileSubscribers()).isEqualTo(20);
    assertThat(o.run().redis()).isFalse();
    assertThat(o.federated()).isFalse();
    assertThat(o.run().profile()).isFalse();
    assertThat(o.run().resultsDir()).isEqualTo(Path.of("out"));
    assertThat(o.run().redisServer()).isEqualTo("/opt/redis-server");
  }

  @Test
  void quickShortensEverythingUnlessOverriddenAfterIt() {
    ChannelBenchOptions quick = parse("--quick", "--no-redis");
    assertThat(quick.run().warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(quick.run().duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(quick.prewarm()).isEqualTo(Duration.ofSeconds(1));
    assertThat(quick.rounds()).isEqualTo(1);
    assertThat(quick.run().redis()).isFalse();
    assertThat(parse("--quick", "--rounds", "2").rounds()).isEqualTo(2);
    assertThat(parse("--rounds", "2", "--quick").rounds()).isEqualTo(1);
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> parse("--rounds", "21")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rounds must be between 1 and 20");
    assertThatThrownBy(() -> parse("--subscribers", "1,x"))
        .hasMessage("--subscribers: not an integer: x");
    assertThatThrownBy(() -> parse("--window", "0")).hasMessageContaining("--window");
    assertThatThrownBy(() -> parse("--no-such")).hasMessageContaining("--no-such");
  }

  @Test
  void rateSelectsThePacedScenario() {
    assertThat(parse().rate()).isZero();
    assertThat(parse("--rate", "5000", "--subscribers", "10").rate()).isEqualTo(5000);
    assertThat(parse("--rate", "0").rate()).isZero();
    assertThatThrownBy(() -> parse("--rate", "-1"))
        .hasMessage("--rate must be between 0 and 1000000");
    assertThatThrownBy(() -> parse("--rate", "5k")).hasMessage("--rate: not an integer: 5k");
    assertThat(CommandLines.usage(new ChannelBenchOptions())).contains("--rate");
  }

  @Test
  void helpListsEveryOption() {
    assertThat(CommandLines.parse(new ChannelBenchOptions(), "--help")).isTrue();
    assertThat(CommandLines.usage(new ChannelBenchOptions()))
        .startsWith("usage: ChannelBench [options]")
        .contains("--warmup", "--duration", "--prewarm", "--rounds", "--quick", "--subscribers",
            "--window", "--event-loops", "--profile-subscribers", "--no-redis", "--no-federated",
            "--no-profile", "--results", "--redis-server", "--help", "(default 1,10,50)");
  }
}
