package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1, broadcast fan-out: in every round, one load generator run per server (servers
 * rotating), each on a fresh server.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class FanoutScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutScenario.class);

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  FanoutScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    rounds(options.servers(), (kind, round) -> report.fanout(measure(kind, round)));
  }

  /**
   * One run on a fresh server: a server left behind by an overload would go on flushing into
   * the next run's time, on the same cores.
   */
  private FanoutRun measure(ServerKind kind, int round) {
    LOG.info("Fan-out, {}, round {}: {} connections, {} bytes every {} ms", kind.label(), round,
        options.connections(), options.payload(), options.intervalMillis());
    LoadGen.Plan plan = LoadGen.Plan.broadcast(options.connections(), 0, options.payload(),
        options.intervalMillis(), options.warmup(), options.duration(), options.drain(), false);
    try (GatewayServer server = GatewayServer.start(kind, node, options.maxSendBuffer(),
        cleanup);
         LoadGen load = LoadGen.start(node, server, plan, options.loadgenWorkers(),
             options.concurrency(), cleanup)) {
      report.server(server);
      report.loadCommand(GatewayScenario.FANOUT, kind, load.command());
      load.awaitOpened();
      WindowCpu cpu = WindowCpu.measure(load, server.pid());
      load.awaitDrained();
      FanoutRun run = new FanoutRun(kind, round, load.finish(), cpu, null);
      log(run);
      return run;
    } catch (Exception e) {
      return FanoutRun.failed(kind, round,
          failed("Fan-out, " + kind.label() + ", round " + round, e));
    }
  }

  private static void log(FanoutRun r) {
    LoadResult l = r.load();
    LOG.info("Fan-out, {}, round {}: {} deliveries/s of {} offered, p50 {} ms, p99 {} ms, "
            + "max {} ms (received in window: p99 {} ms), server {} µs/delivery, load generator "
            + "{} µs/delivery, {} connection errors{}", r.server().label(), r.round(),
        Fmt.count(l.deliveriesPerSecond()), Fmt.count(l.expectedPerSecond()), Fmt.millis(l.p50()),
        Fmt.millis(l.p99()), Fmt.millis(l.max()), Fmt.millis(l.receivedP99()),
        Fmt.micros(r.serverMicrosPerDelivery()),
        Fmt.micros(r.loadMicrosPerDelivery()), l.connectErrors(),
        l.saturated() ? " (saturated)" : "");
  }
}
