package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.Fmt;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenarios {@code idle100k} and {@code broadcast100k}: one gateway node (ours, heartbeats on)
 * holding 100,000 idle WebSocket clients of the scale load generator
 * ({@link ScaleLoad}: several processes, several source addresses). Per round: a fresh server
 * with its event-loop delay probe on; {@code --prime} connections opened and closed, as the
 * memory scenario does; its memory after a full collection; every client opened
 * (time to accept them all, loop delays meanwhile); an idle window in which the server pings the
 * silent clients every {@code --ping-interval} (its CPU, its loop delays); every client must
 * still be open; its memory again. With {@code broadcast100k}, then, on the same clients, a
 * 128-byte broadcast every second (deliveries/s, sampled latencies, the server's CPU and loop
 * delays). {@code broadcast100k} alone skips nothing: the idle window runs before it either way
 * (it is what the clients' arrival settles in).
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class ScaleScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleScenario.class);

  private final boolean broadcast;

  /**
   * @param options   the run's options
   * @param node      the Node runtime
   * @param cleanup   where processes are registered
   * @param report    where results go
   * @param broadcast whether the broadcast follows the idle window
   */
  ScaleScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
                GatewayReport report, boolean broadcast) {
    super(options, node, cleanup, report);
    this.broadcast = broadcast;
  }

  /**
   * @param o the scale options
   * @return the server arguments of a node under the scale scenarios: its ping interval and the
   *     event-loop delay probe
   */
  static List<String> serverArguments(ScaleOptions o) {
    return List.of("--ping-interval", String.valueOf(o.pingInterval()), "--loop-delay",
        String.valueOf(ScaleOptions.DEFAULT_LOOP_DELAY_PERIOD));
  }

  @Override
  void run() {
    rounds(List.of(ServerKind.OURS), (kind, round) -> report.scale(measure(round)));
  }

  private ScaleRun measure(int round) {
    ScaleOptions o = options.scale();
    LOG.info("Scale, round {}: {} idle connections over {} processes and {} source addresses",
        round, o.connections(), o.workers(), o.sources());
    try (GatewayServer server = GatewayServer.start(ServerKind.OURS, node,
        options.maxSendBuffer(), serverArguments(o), cleanup)) {
      report.scaleCommand("server", server.command());
      // as the memory scenario: the "before" figures include the connection path's classes
      openAndClose(server, options.prime());
      ServerMemory before = server.memory();
      server.loopDelay(); // from here on
      try (ScaleLoad load = ScaleLoad.start(node, server.port(), 0, o.connections(), o,
          cleanup)) {
        report.scaleCommand("load generator", load.command());
        JsonObject opened = load.awaitOpened();
        JsonObject accepting = server.loopDelay();
        LoopDelay acceptDelay = LoopDelay.of(accepting);
        LOG.info("Scale, round {}: {} open in {} ms ({} failed), idle for {} s (loop-delay "
                + "timers on {} event loops)", round, opened.getLong("opened"),
            Fmt.count(opened.getDouble("acceptMillis", Double.NaN)), opened.getLong("errors"),
            o.idle().toSeconds(), accepting.getInteger("threads", 0));
        CpuSample idle0 = CpuSample.take(List.of(server.pid()));
        long idleStart = System.nanoTime();
        Thread.sleep(o.idle().toMillis()); // the measured idle window: nothing to wait for
        CpuSample idle1 = CpuSample.take(List.of(server.pid()));
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        LoopDelay idleDelay = LoopDelay.of(server.loopDelay());
        JsonObject counts = load.counts();
        ServerMemory after = server.memory();
        BroadcastResult result = null;
        LoopDelay broadcastDelay = LoopDelay.NONE;
        double broadcastCpu = Double.NaN;
        if (broadcast) {
          server.loopDelay();
          CpuSample b0 = CpuSample.take(List.of(server.pid()));
          result = BroadcastResult.of(load.broadcast(o, options.drain()));
          CpuSample b1 = CpuSample.take(List.of(server.pid()));
          broadcastCpu = b0.userSecondsUntil(b1) + b0.systemSecondsUntil(b1);
          broadcastDelay = LoopDelay.of(server.loopDelay());
        }
        ScaleRun run = new ScaleRun(round, o.connections(), opened.getLong("opened", 0L),
            opened.getLong("errors", 0L), opened.getDouble("acceptMillis", Double.NaN), before,
            after, acceptDelay, idleDelay, idleSeconds,
            idle0.userSecondsUntil(idle1) + idle0.systemSecondsUntil(idle1),
            counts.getLong("open", 0L), StormResult.counts(counts.getJsonObject("closes")),
            result, broadcastDelay, broadcastCpu, null);
        log(run);
        return run;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ScaleRun.failed(round, failed("Scale, round " + round, e));
    } catch (Exception e) {
      return ScaleRun.failed(round, failed("Scale, round " + round, e));
    }
  }

  private static void log(ScaleRun r) {
    LOG.info("Scale, round {}: held {}, RSS {} KiB/connection, heap {} KiB/connection, heap {} "
            + "MiB, idle CPU {} cores, idle loop delay p99 {} ms max {} ms", r.round(), r.held(),
        Fmt.kib(r.rssPerConnection()), Fmt.kib(r.heapPerConnection()),
        Fmt.mib(r.after().heapBytes()), Fmt.ratio(r.idleCores()), Fmt.millis(r.idleDelay().p99()),
        Fmt.millis(r.idleDelay().max()));
    BroadcastResult b = r.broadcast();
    if (b != null) {
      LOG.info("Broadcast, round {}: {} deliveries/s, {} of {} delivered, p99 {} ms", r.round(),
          Fmt.count(b.deliveriesPerSecond()), b.deliveries(), b.expected(), Fmt.millis(b.p99()));
    }
  }

  /** @return closes by kind, for a log line */
  static String describe(Map<String, Long> counts) {
    return counts.isEmpty() ? "none" : counts.toString();
  }
}
