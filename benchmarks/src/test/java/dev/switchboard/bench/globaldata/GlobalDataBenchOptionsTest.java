package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GlobalDataBenchOptionsTest {

  private static GlobalDataBenchOptions parse(String... args) {
    GlobalDataBenchOptions options = new GlobalDataBenchOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void noArgumentsGiveTheDefaults() {
    GlobalDataBenchOptions o = parse();
    assertThat(o.run().warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.run().duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.prewarm()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.callers()).containsExactly(1, 16, 64);
    assertThat(o.keyCount()).isEqualTo(10_000);
    assertThat(o.modes()).containsExactly(Mode.MEMBER, Mode.CLIENT);
    assertThat(o.ops()).containsExactly(Op.INCREMENT, Op.CAS);
    assertThat(o.clusterStart()).isTrue();
    assertThat(o.run().redis()).isTrue();
    assertThat(o.run().profile()).isTrue();
    assertThat(o.profileCallers()).isEqualTo(64);
    assertThat(o.run().resultsDir()).isEqualTo(Path.of("benchmarks", "results"));
    assertThat(o.run().redisServer()).isEqualTo("redis-server");
    assertThat(o.redisBenchmark()).isEqualTo("redis-benchmark");
  }

  @Test
  void everyOptionSetsItsValue() {
    GlobalDataBenchOptions o = parse("--warmup", "0.5", "--duration", "3", "--prewarm", "0",
        "--callers", "4,2,4", "--keys", "100", "--modes", "client", "--ops", "cas",
        "--profile-callers", "8", "--no-cluster-start", "--no-redis", "--no-profile",
        "--results", "/tmp/r", "--redis-server", "/bin/rs", "--redis-benchmark", "/bin/rb");
    assertThat(o.run().warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.run().duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.prewarm()).isZero();
    assertThat(o.callers()).containsExactly(4, 2);
    assertThat(o.keyCount()).isEqualTo(100);
    assertThat(o.modes()).containsExactly(Mode.CLIENT);
    assertThat(o.ops()).containsExactly(Op.CAS);
    assertThat(o.profileCallers()).isEqualTo(8);
    assertThat(o.clusterStart()).isFalse();
    assertThat(o.run().redis()).isFalse();
    assertThat(o.run().profile()).isFalse();
    assertThat(o.run().resultsDir()).isEqualTo(Path.of("/tmp/r"));
    assertThat(o.run().redisServer()).isEqualTo("/bin/rs");
    assertThat(o.redisBenchmark()).isEqualTo("/bin/rb");
  }

  @Test
  void optionsAfterQuickOverrideItAndQuickOverridesThoseBefore() {
    GlobalDataBenchOptions quick = parse("--quick");
    assertThat(List.of(quick.run().warmup(), quick.run().duration(), quick.prewarm()))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(parse("--quick", "--duration", "3").run().duration())
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(parse("--duration", "3", "--quick").run().duration())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void keysOfOneRunsTheHotKeyCellsOnlyAndTheNewOpsParse() {
    GlobalDataBenchOptions o = parse("--keys", "1", "--ops", "cas,cas-exchange,update");
    assertThat(o.keyCount()).isEqualTo(1);
    assertThat(o.ops()).containsExactly(Op.CAS, Op.CAS_EXCHANGE, Op.UPDATE);
    assertThat(o.describe()).contains("keys 1,").doesNotContain("keys 1 and 1");
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> parse("--keys", "0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--keys must be between 1 and 1000000");
    assertThatThrownBy(() -> parse("--ops", "get")).hasMessageContaining("unknown op 'get'");
    assertThatThrownBy(() -> parse("--duration", "0.05"))
        .hasMessage("--duration must be between 0.1 and 600 seconds");
    assertThatThrownBy(() -> parse("--modes", "leader")).hasMessageContaining("unknown mode");
    assertThatThrownBy(() -> parse("--callers")).hasMessageContaining("--callers");
    assertThatThrownBy(() -> parse("--bogus")).hasMessageContaining("--bogus");
  }

  @Test
  void helpListsEveryOption() {
    assertThat(CommandLines.parse(new GlobalDataBenchOptions(), "--help")).isTrue();
    assertThat(CommandLines.parse(new GlobalDataBenchOptions(), "-h")).isTrue();
    assertThat(CommandLines.usage(new GlobalDataBenchOptions()))
        .startsWith("usage: GlobalDataBench [options]")
        .contains("--warmup", "--duration", "--prewarm", "--quick", "--callers", "--keys",
            "--modes", "--ops", "--profile-callers", "--no-cluster-start", "--no-redis",
            "--no-profile", "--results", "--redis-server", "--redis-benchmark", "--help",
            "(default 1,16,64)");
  }

  @Test
  void describeSummarisesTheRun() {
    assertThat(parse("--quick", "--callers", "1").describe()).isEqualTo("warm-up 1.0 s, measured "
        + "1.0 s, prewarm 2.0 s, callers [1], keys 1 and 10000, modes [member, client], ops "
        + "[increment, cas]");
  }
}
