package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Scenario 2, memory per idle connection: per round and server (servers rotating), a fresh
 * server; a few connections opened and closed (priming); its memory; then many idle connections
 * opened and held; its memory again. For ours, also a class histogram before and after, to show
 * what the connections keep.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class MemoryScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryScenario.class);

  /** How many classes of our server's growth the report lists. */
  private static final int TOP_CLASSES = 12;

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  MemoryScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    rounds(options.servers(), (kind, round) -> report.memory(measure(kind, round)));
  }

  private MemoryRun measure(ServerKind kind, int round) {
    LOG.info("Memory, {}, round {}: {} idle connections", kind.label(), round,
        options.idleConnections());
    try (GatewayServer server = GatewayServer.start(kind, node, options.maxSendBuffer(),
        cleanup)) {
      report.server(server);
      openAndClose(server, options.prime());
      ServerMemory before = server.memory();
      ClassHistogram classesBefore = kind == ServerKind.OURS ? ClassHistogram.take(server.pid())
          : null;
      try (LoadGen load = LoadGen.start(node, server,
          LoadGen.Plan.idle(options.idleConnections(), true), options.loadgenWorkers(),
          options.concurrency(), cleanup)) {
        report.loadCommand(GatewayScenario.MEMORY, kind, load.command());
        JsonObject opened = load.awaitOpened();
        ServerMemory after = server.memory();
        List<ClassHistogram.Entry> classes = classesBefore == null ? List.of()
            : ClassHistogram.take(server.pid()).growthSince(classesBefore, TOP_CLASSES);
        load.proceed();
        load.finish();
        MemoryRun run = new MemoryRun(kind, round, opened.getInteger("opened", 0),
            opened.getInteger("errors", 0), before, after, classes, null);
        LOG.info("Memory, {}, round {}: {} connections, RSS {} KiB/connection, heap {} "
                + "KiB/connection", kind.label(), round, run.opened(),
            Fmt.kib(run.rssPerConnection()), Fmt.kib(run.heapPerConnection()));
        return run;
      }
    } catch (Exception e) {
      return MemoryRun.failed(kind, round,
          failed("Memory, " + kind.label() + ", round " + round, e));
    }
  }
}
