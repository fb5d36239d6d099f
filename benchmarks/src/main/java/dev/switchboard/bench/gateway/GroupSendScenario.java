package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Scenario 4, cross-node group send: in every round, one load generator run per side (sides
 * rotating), each on a fresh side ({@link GroupSendServers}): the receiving connections spread
 * over two server nodes and joined to one group, the sender connection on a third node that
 * sends every message to the group. Sending starts once the sender's node counts every
 * receiving connection in the group.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class GroupSendScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSendScenario.class);

  /** How long the group may take to count every receiving connection once they are open. */
  private static final Duration JOIN_BOUND = Duration.ofSeconds(60);

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  GroupSendScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    rounds(options.groupServers(), (kind, round) -> report.groupSend(measure(kind, round)));
  }

  private FanoutRun measure(ServerKind kind, int round) {
    LOG.info("Group send, {}, round {}: {} connections on {} nodes, {} bytes every {} ms from a "
            + "third node", GroupSendSection.label(kind), round, options.connections(),
        GroupSendServers.NODES, options.payload(), options.intervalMillis());
    LoadGen.Plan plan = LoadGen.Plan.broadcast(options.connections(), 0, options.payload(),
        options.intervalMillis(), options.warmup(), options.duration(), options.drain(), false)
        .holdingStart();
    try (GroupSendServers servers = GroupSendServers.start(kind, node, options, cleanup);
         LoadGen load = LoadGen.start(node, servers.receiverUrls(), servers.senderUrl(),
             kind.protocol(), plan, options.loadgenWorkers(), options.concurrency(), cleanup)) {
      report.groupServers(servers);
      report.loadCommand(GatewayScenario.GROUPSEND, kind, load.command());
      load.awaitOpened();
      servers.awaitMembers(options.connections(), JOIN_BOUND);
      load.proceed();
      WindowCpu cpu = WindowCpu.measure(load, servers.pids());
      load.awaitDrained();
      FanoutRun run = new FanoutRun(kind, round, load.finish(), cpu, null);
      log(run);
      return run;
    } catch (Exception e) {
      return FanoutRun.failed(kind, round,
          failed("Group send, " + GroupSendSection.label(kind) + ", round " + round, e));
    }
  }

  private static void log(FanoutRun r) {
    LoadResult l = r.load();
    LOG.info("Group send, {}, round {}: {} deliveries/s of {} offered, p50 {} ms, p99 {} ms, "
            + "max {} ms (received in window: p99 {} ms), servers {} µs/delivery, load "
            + "generator {} µs/delivery, {} connection errors, {} lost{}",
        GroupSendSection.label(r.server()), r.round(), Fmt.count(l.deliveriesPerSecond()),
        Fmt.count(l.expectedPerSecond()), Fmt.millis(l.p50()), Fmt.millis(l.p99()),
        Fmt.millis(l.max()), Fmt.millis(l.receivedP99()), Fmt.micros(r.serverMicrosPerDelivery()),
        Fmt.micros(r.loadMicrosPerDelivery()), l.connectErrors(), l.gaps(),
        l.saturated() ? " (saturated)" : "");
  }
}
