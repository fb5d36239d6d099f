package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CommandLines;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectReportTest {

  private static ConnectResult result(double perSecond, long rejected, long errors, double p50,
                                      double p99) {
    return new ConnectResult(64, (long) perSecond * 20, (long) perSecond * 10, perSecond,
        rejected, rejected > 0 ? "HTTP 401" : null, errors, errors > 0 ? "ECONNRESET" : null,
        p50, p99, p99 * 2, p99 * 3);
  }

  /** A clean run whose window lasted 10 s and whose server spent cpuMicros per connection. */
  private static ConnectRun run(ConnectServer server, int round, double perSecond, double p50,
                                double p99, double cpuMicros) {
    double seconds = cpuMicros * perSecond * 10 / 1e6;
    return new ConnectRun(server, round, result(perSecond, 0, 0, p50, p99),
        new WindowCpu(seconds, seconds / 2, 0.9), null);
  }

  @Test
  void readsTheConnectLoadGeneratorsResultLine() {
    ConnectResult r = ConnectResult.of(new JsonObject("{\"event\":\"result\",\"protocol\":\"ws\","
        + "\"concurrency\":64,\"warmup\":3,\"windowSeconds\":10,\"accepted\":52000,"
        + "\"windowAccepted\":40000,\"acceptedPerSecond\":4000,\"rejected\":2,"
        + "\"firstRejection\":\"HTTP 401\",\"errors\":1,\"firstError\":\"ECONNRESET\","
        + "\"samples\":40000,\"p50Ms\":12.5,\"p99Ms\":40.25,\"p999Ms\":61,\"maxMs\":88.5}"));
    assertThat(r).isEqualTo(new ConnectResult(64, 52_000, 40_000, 4000, 2, "HTTP 401", 1,
        "ECONNRESET", 12.5, 40.25, 61, 88.5));
    assertThat(r.problem()).isEqualTo("2 client(s) rejected, first: HTTP 401");

    ConnectResult empty = ConnectResult.of(new JsonObject("{\"samples\":0,\"p50Ms\":null,"
        + "\"maxMs\":0}"));
    assertThat(empty.p50()).isNaN();
    assertThat(empty.max()).isNaN();
    assertThat(empty.problem()).isEqualTo("no client confirmed in the window");
    assertThat(result(100, 0, 3, 1, 2).problem())
        .isEqualTo("3 connection(s) failed, first: ECONNRESET");
    assertThat(result(100, 0, 0, 1, 2).problem()).isNull();
  }

  @Test
  void cpuPerConnectionIsTheWindowsCpuOverItsAcceptedClients() {
    ConnectRun r = run(ConnectServer.OURS, 1, 5000, 1, 2, 150);
    assertThat(r.serverMicrosPerConnection()).isCloseTo(150, offset(1e-6));
    assertThat(r.loadMicrosPerConnection()).isCloseTo(75, offset(1e-6));
    assertThat(r.loadCores(Duration.ofSeconds(10))).isCloseTo(0.375, offset(1e-9));
    assertThat(ConnectRun.failed(ConnectServer.OURS, 1, "gone").serverMicrosPerConnection())
        .isNaN();
  }

  @Test
  void theSectionGivesMediansRatiosAndTheCostOfTheCheckOverCleanRunsOnly() {
    List<ConnectRun> runs = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      runs.add(run(ConnectServer.OURS, round, 7000 + 1000 * round, 2, 8, 100));      // median 9000
      runs.add(run(ConnectServer.OURS_JWT, round, 5000 + 1000 * round, 3, 10, 130)); // 7000
      runs.add(run(ConnectServer.SOCKET_IO, round, 2000 + 1000 * round, 4, 16, 300)); // 4000
      runs.add(run(ConnectServer.SOCKET_IO_JWT, round, 1000 + 1000 * round, 6, 20, 400)); // 3000
    }
    // neither counts: a run that refused clients, and one that failed
    runs.add(new ConnectRun(ConnectServer.OURS_JWT, 4, result(99_999, 5, 0, 1, 1),
        new WindowCpu(1, 1, 1), null));
    runs.add(ConnectRun.failed(ConnectServer.SOCKET_IO, 4, "server died"));

    GatewayBenchOptions options = new GatewayBenchOptions();
    CommandLines.parse(options, "--scenarios", "connect");
    StringBuilder out = new StringBuilder();
    ConnectSection.render(out, options, runs, Map.of(ConnectServer.OURS,
        List.of("java ... GatewayBenchServer --port 0 --connect-ack", "node connect-loadgen.js")));
    String md = out.toString();

    assertThat(md).contains("## 5. Connections accepted per second")
        .contains("- ours: `java ... GatewayBenchServer --port 0 --connect-ack`")
        .contains("Reproduce: `benchmarks/gateway.sh --scenarios connect --connect-servers "
            + "ours,ours+jwt,socketio,socketio+jwt --rounds 3 --connect-concurrency 64 "
            + "--connect-workers 2 --connect-warmup 15.0 --connect-duration 15.0`")
        // medians: clean runs, connections/s, p50, p99, p99.9, CPU, load CPU, rejected, failed
        .contains("| ours | 3 | 9,000 | 2.00 | 8.00 | 16.0 | 100 | 50.0 | 0 | 0 |")
        .contains("| ours + JWT | 3 | 7,000 | 3.00 | 10.0 | 20.0 | 130 | 65.0 | 5 | 0 |")
        .contains("| Socket.IO | 3 | 4,000 | 4.00 | 16.0 | 32.0 | 300 | 150 | 0 | 0 |")
        .contains("| Socket.IO + JWT | 3 | 3,000 | 6.00 | 20.0 | 40.0 | 400 | 200 | 0 | 0 |")
        // ours / Socket.IO: 9000/4000, CPU 300/100, p50 4/2, p99 16/8; with: 7000/3000 ...
        .contains("| without a check | 2.25 | 3.00 | 2.00 | 2.00 |")
        .contains("| with the JWT check | 2.33 | 3.08 | 2.00 | 2.00 |")
        // the check: connections/s without, with, with / without, CPU, p50, p99 added
        .contains("| ours | 9,000 | 7,000 | 0.78 | +30.0 | +1.00 | +2.00 |")
        .contains("| Socket.IO | 4,000 | 3,000 | 0.75 | +100.0 | +2.00 | +4.00 |")
        // every run: ours round 1; its load generator: 4 CPU seconds over the 15 s window
        .contains("| ours | 1 | 8,000 | 80,000 | 2.00 | 8.00 | 24.0 | 100 | 50.0 | 0.27 | 90% | 0 "
            + "| 0 |  |")
        .contains("not counted: 5 client(s) rejected, first: HTTP 401")
        .contains("failed: server died");
  }
}
