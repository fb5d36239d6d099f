package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.BenchMain;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.ReportFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The gateway broadcast benchmark: our WebSocket gateway ({@link GatewayBenchServer} in a child
 * JVM) side by side with two peers on the same machine in the same run, a Socket.IO 4 server and
 * a plain {@code ws} 8 broadcast server (one Node process each), under one Node load generator
 * ({@code benchmarks/gateway/loadgen.js}) for all three. Scenarios: broadcast fan-out
 * ({@link FanoutScenario}), memory per idle connection ({@link MemoryScenario}), slow-consumer
 * isolation ({@link SlowScenario}), and, opt-in, the cross-node group send
 * ({@link GroupSendScenario}: three clustered JVMs of ours against three Socket.IO processes
 * joined by {@code @socket.io/redis-adapter} and a redis-server) and the connections accepted per
 * second with and without a JWT check ({@link ConnectScenario}), and the scale scenarios on our
 * server alone ({@link ScaleScenario}: 100,000 idle connections, a broadcast to them;
 * {@link StormScenario}: a reconnect storm); servers alternate, a few rounds each.
 *
 * <p>Prints the report (markdown) to standard output and writes it, with the raw results (CSV),
 * to the results directory; logs go to standard error. Every child process is stopped at the end,
 * on failure, and on SIGTERM (shutdown hook). Exits 0 when every run produced figures, 1
 * otherwise, 2 on a bad command line.
 *
 * <p>Run it through {@code benchmarks/gateway.sh}, which installs the Node packages
 * ({@code npm ci}), sets the class path and the JVM flags, and raises the open-files limit.
 */
public final class GatewayBench {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayBench.class);

  private final GatewayBenchOptions options;
  private final Cleanup cleanup;
  private final GatewayReport report;

  private GatewayBench(GatewayBenchOptions options, Cleanup cleanup, String commandLine) {
    this.options = options;
    this.cleanup = cleanup;
    this.report = new GatewayReport(options, commandLine);
  }

  /**
   * @param args the command line, see {@code --help} ({@link GatewayBenchOptions})
   */
  public static void main(String[] args) {
    String commandLine = userArguments(args);
    BenchMain.run(args, new GatewayBenchOptions(),
        (options, cleanup) -> new GatewayBench(options, cleanup, commandLine).runAll());
  }

  private int runAll() throws IOException, InterruptedException {
    LOG.info("Gateway benchmark: {}", options.describe());
    NodeRuntime node = NodeRuntime.probe(options.node(), options.nodeDir());
    report.node(node);
    LOG.info("{}", node.describe());
    for (GatewayScenario scenario : options.scenarios()) {
      if (cleanup.closing()) {
        break;
      }
      switch (scenario) {
        case FANOUT -> new FanoutScenario(options, node, cleanup, report).run();
        case MEMORY -> new MemoryScenario(options, node, cleanup, report).run();
        case SLOW -> new SlowScenario(options, node, cleanup, report).run();
        case GROUPSEND -> new GroupSendScenario(options, node, cleanup, report).run();
        case CONNECT -> new ConnectScenario(options, node, cleanup, report).run();
        case IDLE100K -> new ScaleScenario(options, node, cleanup, report,
            options.scenarios().contains(GatewayScenario.BROADCAST100K)).run();
        case BROADCAST100K -> {
          if (!options.scenarios().contains(GatewayScenario.IDLE100K)) {
            new ScaleScenario(options, node, cleanup, report, true).run();
          } // else: run on idle100k's connections, after its idle window
        }
        case STORM -> new StormScenario(options, node, cleanup, report).run();
        default -> throw new IllegalStateException("unknown scenario " + scenario);
      }
    }
    ReportFiles.write(options.resultsDir(), "gateway", report.stamp(), report.render(),
        report.csv());
    return report.hasProblems() ? 1 : 0;
  }

  /**
   * @param args the arguments benchmarks/gateway.sh passed
   * @return those the user gave, without the ones the script adds (results and Node directory)
   */
  private static String userArguments(String[] args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      if (("--results".equals(args[i]) || "--node-dir".equals(args[i])) && i + 1 < args.length) {
        i++;
        continue;
      }
      out.append(out.length() == 0 ? "" : " ").append(args[i]);
    }
    return out.toString();
  }
}
