package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Scenario 3, slow-consumer isolation: per round and server (servers rotating), two runs on
 * fresh servers, one with normal clients only (the baseline) and one with stalled clients too
 * (which goes first alternates by round); the server's memory is taken after each run's window,
 * the stalled clients still connected.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class SlowScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(SlowScenario.class);

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  SlowScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    rounds(options.slow().servers(), (kind, round) -> {
      List<Integer> variants = round % 2 == 1 ? List.of(0, options.slow().stalled())
          : List.of(options.slow().stalled(), 0);
      for (int stalled : variants) {
        if (cleanup.closing()) {
          return;
        }
        report.slow(measure(kind, round, stalled));
      }
    });
  }

  private SlowRun measure(ServerKind kind, int round, int stalled) {
    LOG.info("Slow consumers, {}, round {}: {} normal + {} stalled clients, {} bytes every {} ms",
        kind.label(), round, options.slow().clients(), stalled, options.slow().payload(),
        options.slow().intervalMillis());
    LoadGen.Plan plan = LoadGen.Plan.broadcast(options.slow().clients(), stalled,
        options.slow().payload(), options.slow().intervalMillis(), options.slow().warmup(),
        options.slow().duration(), options.drain(), true);
    try (GatewayServer server = GatewayServer.start(kind, node, options.maxSendBuffer(),
        cleanup);
         LoadGen load = LoadGen.start(node, server, plan, options.loadgenWorkers(),
             options.concurrency(), cleanup)) {
      report.server(server);
      report.loadCommand(GatewayScenario.SLOW, kind, load.command());
      load.awaitOpened();
      WindowCpu cpu = WindowCpu.measure(load, server.pid());
      load.awaitDrained();
      ServerMemory memory = server.memory();
      load.proceed();
      SlowRun run = new SlowRun(kind, round, stalled, load.finish(), cpu, memory, null);
      LoadResult l = run.load();
      LOG.info("Slow consumers, {}, round {}, {} stalled: {} deliveries/s, p50 {} ms, p99 {} ms, "
              + "RSS {} MiB (peak {}), heap {} MiB, {} stalled clients closed by the server",
          kind.label(), round, stalled, Fmt.count(l.deliveriesPerSecond()), Fmt.millis(l.p50()),
          Fmt.millis(l.p99()), Fmt.mib(memory.rssBytes()), Fmt.mib(memory.peakRssBytes()),
          Fmt.mib(memory.heapBytes()), l.stalledClosed());
      return run;
    } catch (Exception e) {
      return SlowRun.failed(kind, round, stalled, failed("Slow consumers, " + kind.label()
          + ", round " + round + ", " + stalled + " stalled", e));
    }
  }
}
