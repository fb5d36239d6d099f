package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CommandLines;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scale scenarios' options, the parsing of their processes' lines, and their report. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScaleReportTest {

  private static GatewayBenchOptions parse(String... args) {
    GatewayBenchOptions options = new GatewayBenchOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void theScaleScenariosAreOptInWithTheIssuesSizes() {
    assertThat(parse().scenarios()).doesNotContain(GatewayScenario.IDLE100K,
        GatewayScenario.BROADCAST100K, GatewayScenario.STORM);
    ScaleOptions s = parse("--scenarios", "idle100k,broadcast100k,storm").scale();
    assertThat(s.connections()).isEqualTo(100_000);
    assertThat(s.stormConnections()).isEqualTo(20_000);
    assertThat(s.pingInterval()).isEqualTo(25_000);
    assertThat(s.broadcastInterval()).isEqualTo(1_000);
    assertThat(s.broadcastPayload()).isEqualTo(128);
    // 100,000 over the default sources stay under the default 28,232 ports per address
    assertThat((s.connections() + s.sources() - 1) / s.sources()).isLessThan(28_232);
  }

  @Test
  void quickShrinksTheScaleRunsAndOptionsAfterItStillApply() {
    ScaleOptions quick = parse("--quick", "--scale-sources", "3").scale();
    assertThat(quick.connections()).isEqualTo(5_000);
    assertThat(quick.stormConnections()).isEqualTo(2_000);
    assertThat(quick.sources()).isEqualTo(3);
    ScaleOptions o = parse("--scale-connections", "7", "--scale-workers", "3",
        "--scale-concurrency", "9", "--ping-interval", "500", "--idle-duration", "2.5",
        "--broadcast-messages", "4", "--broadcast-interval", "250", "--broadcast-payload", "256",
        "--sample-every", "5", "--storm-connections", "11", "--storm-max-connections", "6",
        "--storm-timeout", "15", "--storm-warmup", "0").scale();
    assertThat(List.of(o.connections(), o.workers(), o.concurrency(), o.broadcastMessages(),
        o.broadcastInterval(), o.broadcastPayload(), o.sampleEvery(), o.stormConnections(),
        o.stormMaxConnections())).containsExactly(7, 3, 9, 4, 250, 256, 5, 11, 6);
    assertThat(o.pingInterval()).isEqualTo(500);
    assertThat(o.idle().toMillis()).isEqualTo(2_500);
    assertThat(o.stormTimeout().toSeconds()).isEqualTo(15);
    assertThat(o.stormWarmup()).isZero();
    assertThat(quick.stormWarmup()).isEqualTo(500);
    assertThatThrownBy(() -> parse("--scale-sources", "0"))
        .hasMessageContaining("--scale-sources");
    assertThatThrownBy(() -> parse("--scenarios", "idle1m"))
        .hasMessageContaining("idle1m");
  }

  @Test
  void theServerGetsItsPingIntervalAndTheProbeAndReproduceNamesTheScenariosOptions() {
    GatewayBenchOptions o = parse("--quick", "--scenarios", "storm");
    assertThat(ScaleScenario.serverArguments(o.scale()))
        .containsExactly("--ping-interval", "1000", "--loop-delay", "10");
    assertThat(Reproduce.command(o, GatewayScenario.STORM)).startsWith(
            "benchmarks/gateway.sh --scenarios storm --rounds 1 --scale-workers 2")
        .contains("--storm-connections 2000", "--storm-warmup 500")
        .doesNotContain("--broadcast-messages");
    assertThat(Reproduce.command(o, GatewayScenario.BROADCAST100K))
        .contains("--scale-connections 5000", "--broadcast-messages 3", "--sample-every 10")
        .doesNotContain("--storm-connections");
  }

  @Test
  void theProbesLineAndTheLoadGeneratorsResultsAreRead() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      h.recordValue(i * 1_000L); // 1 ms .. 100 ms
    }
    LoopDelay delay = LoopDelay.of(new JsonObject(LoopDelayProbe.json(h).encode()));
    assertThat(delay.count()).isEqualTo(100);
    assertThat(delay.p50()).isBetween(49.9, 50.1);
    assertThat(delay.p99()).isBetween(98.9, 99.1);
    assertThat(delay.max()).isBetween(99.9, 100.1);
    assertThat(LoopDelay.of(new JsonObject().put("count", 0))).isEqualTo(LoopDelay.NONE);

    BroadcastResult b = BroadcastResult.of(new JsonObject().put("sent", 3).put("expected", 300)
        .put("deliveries", 298).put("deliveriesPerSecond", 99.3).put("sampleEvery", 10)
        .put("samples", 30).put("p50Ms", 1.5).put("p99Ms", 4.25).put("p999Ms", 5.0)
        .put("maxMs", 5.5));
    assertThat(b.missing()).isEqualTo(2);
    assertThat(b.p99()).isEqualTo(4.25);
    assertThat(BroadcastResult.of(new JsonObject().put("samples", 0)).max()).isNaN();

    StormResult s = StormResult.of(new JsonObject("""
        {"event":"storm-result","clients":2000,"back":1990,"p50Ms":600,"p90Ms":1800,
         "p99Ms":null,"allMs":null,"refusals":{"error ECONNRESET":3,"http 503":2},
         "closes":{"close 1006":2000}}"""));
    assertThat(s.p99()).isNaN();
    assertThat(s.p90()).isEqualTo(1800);
    assertThat(s.refused()).isEqualTo(5);
    assertThat(s.refusals()).containsExactly(Map.entry("error ECONNRESET", 3L),
        Map.entry("http 503", 2L));
    assertThat(s.closes()).containsEntry("close 1006", 2000L);
  }

  @Test
  void aRunIsHeldOnlyWhenEveryClientStayedOpenAndItsPerConnectionFiguresAreGrowth() {
    ServerMemory before = new ServerMemory(100L << 20, 110L << 20, 10L << 20, -1);
    ServerMemory after = new ServerMemory(400L << 20, 410L << 20, 310L << 20, -1);
    ScaleRun held = run(100_000, 100_000, Map.of(), before, after);
    assertThat(held.held()).isTrue();
    assertThat(held.heapPerConnection()).isEqualTo((300.0 * (1 << 20)) / 100_000);
    assertThat(held.rssPerConnection()).isEqualTo((300.0 * (1 << 20)) / 100_000);
    assertThat(held.idleCores()).isEqualTo(0.5);
    assertThat(run(100_000, 99_999, Map.of(), before, after).held()).isFalse();
    assertThat(run(100_000, 100_000, Map.of("close 1001 heartbeat_timeout", 1L), before, after)
        .held()).isFalse();
    assertThat(ScaleRun.failed(1, "boom").held()).isFalse();
  }

  @Test
  void theReportShowsTheTargetsAndEveryRun() {
    GatewayBenchOptions o = parse("--quick", "--scenarios", "idle100k,storm");
    GatewayReport report = new GatewayReport(o, "--quick --scenarios idle100k,storm");
    ServerMemory before = new ServerMemory(100L << 20, 110L << 20, 10L << 20, -1);
    ServerMemory after = new ServerMemory(400L << 20, 410L << 20, 310L << 20, -1);
    report.scale(run(5_000, 5_000, Map.of(), before, after));
    report.storm(new StormRun(1, 2_000, new StormResult(2_000, 2_000, 600, 1_800, 2_500, 2_600,
        Map.of(), Map.of("close 1006", 2_000L)), 1.9, 300L << 20, 40L << 20, 40, 0, 12.5,
        new LoopDelay(100, 1, 20, 30, 40), true, null));
    report.storm(StormRun.failed(2, "node A did not start"));
    String md = report.render();
    assertThat(md).contains("## 6. 100,000 idle connections on one node",
        "every client held through the idle window: **met**", "heap under 1 GiB: **met**",
        "## 7. Reconnect storm", "| 1 | 2000 | 2000 | 0.6 | 1.8 | 2.5 | 2.6 | 0 |",
        "failed: node A did not start");
    assertThat(report.hasProblems()).isTrue();
  }

  private static ScaleRun run(int connections, long openAfter, Map<String, Long> closes,
                              ServerMemory before, ServerMemory after) {
    return new ScaleRun(1, connections, connections, 0, 20_000, before, after, LoopDelay.NONE,
        new LoopDelay(6_000, 0.1, 2, 5, 8), 60, 30, openAfter, closes, null, LoopDelay.NONE,
        Double.NaN, null);
  }
}
