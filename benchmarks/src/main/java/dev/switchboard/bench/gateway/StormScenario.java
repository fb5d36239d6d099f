package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario {@code storm}, a reconnect storm: {@code --storm-connections} clients (20,000) open on
 * node A, a gateway JVM; A is killed (SIGKILL); every client reconnects to node B, a second
 * gateway JVM started before the storm, with the browser client's backoff (exponential, full
 * jitter, 500 ms to 10 s). The two nodes are not clustered: what the storm measures is B's
 * accept path and its limits under a burst of handshakes, which a cluster does not change
 * (clients of a killed node reconnect to whichever node they reach); a cluster would add
 * Hazelcast's handling of A's departure, which has its own tests. Per round: fresh nodes, B
 * warmed ({@code --storm-warmup} connections opened and closed, so that its handshake path is
 * compiled as on a node that has been serving); while
 * the clients come back, {@link NodeWatch} samples B's CPU and polls its {@code GET /status};
 * B's event-loop delays, peak RSS and heap after a full collection once all are back.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class StormScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(StormScenario.class);

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  StormScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
                GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    rounds(List.of(ServerKind.OURS), (kind, round) -> report.storm(measure(round)));
  }

  private StormRun measure(int round) {
    ScaleOptions o = options.scale();
    LOG.info("Storm, round {}: {} clients on node A, then A killed", round,
        o.stormConnections());
    List<String> bArgs = new ArrayList<>(ScaleScenario.serverArguments(o));
    bArgs.addAll(List.of("--max-connections", String.valueOf(o.stormMaxConnections())));
    try (GatewayServer b = GatewayServer.start(ServerKind.OURS, node, options.maxSendBuffer(),
        bArgs, cleanup);
         GatewayServer a = GatewayServer.start(ServerKind.OURS, node, options.maxSendBuffer(),
             ScaleScenario.serverArguments(o), cleanup);
         ScaleLoad load = ScaleLoad.start(node, a.port(), b.port(), o.stormConnections(), o,
             cleanup)) {
      report.stormCommands(List.of("node A: " + a.command(), "node B: " + b.command(),
          "load generator: " + load.command()));
      JsonObject opened = load.awaitOpened();
      // B's handshake path compiled as on a node that has been serving: a cold JIT would be in
      // the storm's figures
      openAndClose(b, o.stormWarmup());
      long open = opened.getLong("opened", 0L);
      if (open == 0) {
        throw new IllegalStateException("no client opened on node A: "
            + opened.getString("firstError"));
      }
      StormResult result;
      try (NodeWatch watch = NodeWatch.start(b.pid(), b.port())) {
        b.memory(); // B's baseline collection, before the storm
        b.loopDelay(); // from here on
        a.kill();
        load.requestStorm(o.stormTimeout());
        result = StormResult.of(load.stormResult(o.stormTimeout()));
        watch.close();
        LoopDelay delay = LoopDelay.of(b.loopDelay());
        boolean alive = b.alive();
        ServerMemory after = alive ? b.memory() : null;
        StormRun run = new StormRun(round, open, result, watch.peakCores(),
            after == null ? -1 : after.peakRssBytes(), after == null ? -1 : after.heapBytes(),
            watch.polls(), watch.failures(), watch.maxMillis(), delay, alive, null);
        log(run, watch.firstFailure());
        return run;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StormRun.failed(round, failed("Storm, round " + round, e));
    } catch (Exception e) {
      return StormRun.failed(round, failed("Storm, round " + round, e));
    }
  }

  private static void log(StormRun r, String firstStatusFailure) {
    StormResult s = r.result();
    LOG.info("Storm, round {}: {} of {} back; 50 % in {} ms, 90 % in {} ms, 99 % in {} ms; "
            + "refused {} ({}); B peak {} cores, peak RSS {} MiB; status {} polls, {} failed{}",
        r.round(), s.back(), s.clients(), Fmt.count(s.p50()), Fmt.count(s.p90()),
        Fmt.count(s.p99()), s.refused(), ScaleScenario.describe(s.refusals()),
        Fmt.ratio(r.peakCores()), Fmt.mib(r.peakRssBytes()), r.statusPolls(),
        r.statusFailures(), firstStatusFailure == null ? "" : " (first: " + firstStatusFailure
            + ")");
  }
}
