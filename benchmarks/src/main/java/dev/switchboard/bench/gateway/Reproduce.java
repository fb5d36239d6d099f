package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Keyed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line that reruns one scenario of a gateway benchmark run alone, with the run's
 * settings: printed under each scenario's section of the report.
 *
 * <p>Stateless; safe from any thread.
 */
final class Reproduce {

  private Reproduce() {
  }

  /**
   * @param o        the run's options
   * @param scenario a scenario
   * @return the benchmark command line that runs this scenario alone with this run's settings
   */
  static String command(GatewayBenchOptions o, GatewayScenario scenario) {
    List<String> a = new ArrayList<>(List.of("benchmarks/gateway.sh", "--scenarios",
        scenario.key()));
    switch (scenario) {
      case FANOUT -> a.addAll(List.of("--servers", Keyed.keys(o.servers()), "--rounds", "" + o.rounds(),
          "--connections", "" + o.connections(), "--payload", "" + o.payload(), "--interval",
          number(o.intervalMillis()), "--warmup", Args.seconds(o.warmup()), "--duration",
          Args.seconds(o.duration()), "--drain", Args.seconds(o.drain())));
      case MEMORY -> a.addAll(List.of("--servers", Keyed.keys(o.servers()), "--rounds", "" + o.rounds(),
          "--idle-connections", "" + o.idleConnections(), "--prime", "" + o.prime()));
      case GROUPSEND -> a.addAll(List.of("--group-servers", Keyed.keys(o.groupServers()), "--rounds",
          "" + o.rounds(), "--connections", "" + o.connections(), "--payload", "" + o.payload(),
          "--interval", number(o.intervalMillis()), "--warmup", Args.seconds(o.warmup()),
          "--duration", Args.seconds(o.duration()), "--drain", Args.seconds(o.drain()),
          "--max-send-buffer", "" + o.maxSendBuffer()));
      case CONNECT -> {
        ConnectOptions connect = o.connect();
        a.addAll(List.of("--connect-servers", Keyed.keys(connect.servers()), "--rounds",
            "" + o.rounds(), "--connect-concurrency", "" + connect.concurrency(),
            "--connect-workers", "" + connect.workers(),
            "--connect-warmup", Args.seconds(connect.warmup()), "--connect-duration",
            Args.seconds(connect.duration())));
        return String.join(" ", a);
      }
      case SLOW -> {
        SlowOptions slow = o.slow();
        a.addAll(List.of("--slow-servers", Keyed.keys(slow.servers()), "--rounds", "" + o.rounds(),
            "--slow-clients", "" + slow.clients(), "--stalled", "" + slow.stalled(),
            "--slow-payload", "" + slow.payload(), "--slow-interval",
            number(slow.intervalMillis()), "--slow-warmup", Args.seconds(slow.warmup()),
            "--slow-duration", Args.seconds(slow.duration()), "--drain", Args.seconds(o.drain()),
            "--max-send-buffer", "" + o.maxSendBuffer()));
      }
      case IDLE100K, BROADCAST100K, STORM -> {
        a.addAll(scale(o, scenario));
        return String.join(" ", a);
      }
      default -> throw new IllegalStateException("unknown scenario " + scenario);
    }
    a.addAll(List.of("--loadgen-workers", "" + o.loadgenWorkers(), "--concurrency",
        "" + o.concurrency()));
    return String.join(" ", a);
  }

  /** The scale scenarios' options of a command line that reruns one of them. */
  private static List<String> scale(GatewayBenchOptions o, GatewayScenario scenario) {
    ScaleOptions s = o.scale();
    List<String> a = new ArrayList<>(List.of("--rounds", "" + o.rounds(), "--scale-workers",
        "" + s.workers(), "--scale-sources", "" + s.sources(), "--scale-concurrency",
        "" + s.concurrency(), "--ping-interval", "" + s.pingInterval()));
    if (scenario == GatewayScenario.STORM) {
      a.addAll(List.of("--storm-connections", "" + s.stormConnections(),
          "--storm-max-connections", "" + s.stormMaxConnections(), "--storm-timeout",
          Args.seconds(s.stormTimeout()), "--storm-warmup", "" + s.stormWarmup()));
      return a;
    }
    a.addAll(List.of("--scale-connections", "" + s.connections(), "--idle-duration",
        Args.seconds(s.idle()), "--prime", "" + o.prime()));
    if (scenario == GatewayScenario.BROADCAST100K) {
      a.addAll(List.of("--broadcast-messages", "" + s.broadcastMessages(),
          "--broadcast-interval", "" + s.broadcastInterval(), "--broadcast-payload",
          "" + s.broadcastPayload(), "--sample-every", "" + s.sampleEvery(), "--drain",
          Args.seconds(o.drain())));
    }
    return a;
  }

  /**
   * @param value a number
   * @return it without a fraction when it has none
   */
  static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
