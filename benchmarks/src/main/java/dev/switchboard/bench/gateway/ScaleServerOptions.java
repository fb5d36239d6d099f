package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.gateway.GatewayOptions;
import picocli.CommandLine.Option;

/**
 * The options of {@link GatewayBenchServer} that the scale scenarios ({@link ScaleScenario},
 * {@link StormScenario}) set: the gateway's heartbeat and connection limit, and the event-loop
 * delay probe. A picocli mixin; every default leaves the gateway's own.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class ScaleServerOptions {

  private long pingInterval = GatewayOptions.DEFAULT_PING_INTERVAL;
  private long heartbeatTimeout = GatewayOptions.DEFAULT_HEARTBEAT_TIMEOUT;
  private int maxConnections = GatewayOptions.DEFAULT_MAX_CONNECTIONS;
  private long loopDelayMillis;

  @Option(names = "--ping-interval", paramLabel = "MS",
      description = "the gateway's pingInterval: a silent connection is pinged (default 25000)")
  private void pingInterval(String s) {
    pingInterval = Args.integer("--ping-interval", s, 0, 3_600_000);
  }

  @Option(names = "--heartbeat-timeout", paramLabel = "MS",
      description = "the gateway's heartbeatTimeout (default 60000)")
  private void heartbeatTimeout(String s) {
    heartbeatTimeout = Args.integer("--heartbeat-timeout", s, 0, 3_600_000);
  }

  @Option(names = "--max-connections", paramLabel = "N",
      description = "the gateway's maxConnections, per verticle instance (default 100000)")
  private void maxConnections(String s) {
    maxConnections = Args.integer("--max-connections", s, 1, 10_000_000);
  }

  @Option(names = "--loop-delay", paramLabel = "MS",
      description = "event-loop delay probe: a timer of this period on every event loop, its "
          + "lateness answered on standard input (default 0: off)")
  private void loopDelay(String s) {
    loopDelayMillis = Args.integer("--loop-delay", s, 0, 10_000);
  }

  /**
   * @param options the gateway options to set the heartbeat and connection limit on
   */
  void apply(GatewayOptions options) {
    options.setPingInterval(pingInterval).setHeartbeatTimeout(heartbeatTimeout)
        .setMaxConnections(maxConnections);
  }

  /** @return the probe's period in milliseconds, 0 when off */
  long loopDelayMillis() {
    return loopDelayMillis;
  }
}
