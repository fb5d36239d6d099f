package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * What the gateway benchmark's scenarios share: the run's options, the Node runtime, the cleanup
 * and the report, and the loop over rounds and servers.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
abstract class ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioBase.class);

  final GatewayBenchOptions options;
  final NodeRuntime node;
  final Cleanup cleanup;
  final GatewayReport report;

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  ScenarioBase(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    this.options = options;
    this.node = node;
    this.cleanup = cleanup;
    this.report = report;
  }

  /** Runs the scenario's every round. */
  abstract void run();

  /**
   * One server's part of one round.
   *
   * @param <T> what names a server
   */
  interface Step<T> {
    void run(T server, int round);
  }

  /**
   * Runs a step per round and server, the servers rotating by round; stops once cleanup began.
   *
   * @param servers the servers
   * @param step    what to do
   * @param <T>     what names a server
   */
  <T> void rounds(List<T> servers, Step<T> step) {
    for (int round = 1; round <= options.rounds(); round++) {
      for (T server : GatewayScenario.rotation(servers, round)) {
        if (cleanup.closing()) {
          return;
        }
        step.run(server, round);
      }
    }
  }

  /**
   * Opens connections to a server and closes them (closing handshakes done before the load
   * generator exits: the server has let go of them), e.g. so that the classes and compiled code
   * of the connection path are there before a measurement.
   *
   * @param server      the server
   * @param connections how many, 0 for none
   * @throws IOException when the load generator cannot be started
   */
  void openAndClose(GatewayServer server, int connections) throws IOException {
    if (connections == 0) {
      return;
    }
    try (LoadGen load = LoadGen.start(node, server, LoadGen.Plan.idle(connections, false), 0,
        options.concurrency(), cleanup)) {
      load.awaitOpened();
      load.finish();
    }
  }

  /**
   * Logs a run that failed: as an error, or in a line when the shutdown stopped it.
   *
   * @param run what ran, e.g. "Fan-out, ours, round 1"
   * @param e   why it failed
   * @return the failure's message, for the failed run's record
   */
  String failed(String run, Exception e) {
    if (cleanup.closing()) {
      LOG.info("Run stopped by the shutdown: {}", e.toString());
    } else {
      LOG.error("{} failed", run, e);
    }
    return e.getMessage();
  }
}
