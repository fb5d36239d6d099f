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
      default -> throw new IllegalStateException("unknown scenario " + scenario);
    }
    a.addAll(List.of("--loadgen-workers", "" + o.loadgenWorkers(), "--concurrency",
        "" + o.concurrency()));
    return String.join(" ", a);
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
