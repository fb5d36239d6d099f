package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.util.List;
import java.util.Locale;

/**
 * The cross-node group send section of the gateway report: what each side runs, medians per
 * side, ours against Socket.IO with the redis adapter, and every run.
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class GroupSendSection {

  /** Target: our deliveries/s at least this many times Socket.IO's, at a lower p99. */
  static final double TARGET_VS_SOCKET_IO = 2.0;

  private GroupSendSection() {
  }

  /**
   * @param kind a side
   * @return its name in this section's tables
   */
  static String label(ServerKind kind) {
    return kind == ServerKind.SOCKET_IO ? "Socket.IO + redis adapter" : kind.label();
  }

  /**
   * @param out      where the markdown goes
   * @param options  the run's options
   * @param runs     every group-send run
   * @param commands how each side's processes were started
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<FanoutRun> runs,
                     List<String> commands) {
    double rate = 1000 / options.intervalMillis();
    out.append("## 4. Cross-node group send\n\n")
        .append(String.format(Locale.ROOT, "%,d WebSocket connections, split evenly over %d "
                + "server nodes (separate processes), every one a member of one group (Socket.IO: "
                + "room) `%s`; a third node, which holds no member, sends a %d-byte text message "
                + "to the group every %s ms (%s messages/s, %s deliveries/s offered). The load "
                + "generator's sender connection is on that third node: it paces and timestamps "
                + "each message as in the fan-out, and the node hands it to its group send, so "
                + "the latency includes that loopback hop on both sides. Sending starts only once "
                + "the sender's node counts every connection in the group. %s s warm-up, then %s "
                + "s measured; latencies and deliveries/s as in the fan-out (up to %s s after the "
                + "window for messages in flight). Server CPU: every process of the side (ours: "
                + "the three JVMs; Socket.IO: the three Node processes and redis-server). A "
                + "fresh side per run. Medians of %d round(s); the sides alternate, each round "
                + "starting with the next one.\n\n",
            options.connections(), GroupSendServers.NODES, GroupSendServers.GROUP,
            options.payload(), Reproduce.number(options.intervalMillis()),
            Fmt.count(rate), Fmt.count(rate * options.connections()),
            Args.seconds(options.warmup()), Args.seconds(options.duration()),
            Args.seconds(options.drain()), options.rounds()))
        .append("- ours: three clustered Vert.x JVMs, one Hazelcast cluster on 127.0.0.1 "
            + "(`GroupSendNode`): two gateway nodes, each `GatewayVerticle` × cores with a "
            + "handler whose `onConnect` calls `Gateway.joinGroup(connection.id(), \"")
        .append(GroupSendServers.GROUP).append("\")`, and a sender node without a gateway "
            + "verticle, whose WebSocket server hands every text message to "
            + "`Gateway.sendToGroup(\"")
        .append(GroupSendServers.GROUP).append("\", message, null)`; each JVM `")
        .append(String.join(" ", GatewayServer.OUR_HEAP_FLAGS))
        .append("` and the benchmark's JVM flags\n")
        .append("- Socket.IO: three Node processes (`socketio-group-server.js`) with "
            + "`@socket.io/redis-adapter` on a private redis-server (no persistence): two whose "
            + "clients join room `")
        .append(GroupSendServers.GROUP).append("` on connection, and a sender whose `b` events go "
            + "out with `io.to(\"").append(GroupSendServers.GROUP)
        .append("\").emit(\"m\", m)` (published on redis, delivered by the other two)\n");
    commands.forEach(c -> out.append("  - ").append(c).append('\n'));
    out.append('\n').append("Reproduce: `")
        .append(Reproduce.command(options, GatewayScenario.GROUPSEND))
        .append("`\n\n");
    FanoutSection.renderMedians(out, options.groupServers(), runs, GroupSendSection::label);
    renderRatio(out, options, runs);
    FanoutSection.renderRounds(out, runs, GroupSendSection::label);
  }

  private static void renderRatio(StringBuilder out, GatewayBenchOptions options,
                                  List<FanoutRun> runs) {
    ServerKind peer = ServerKind.SOCKET_IO;
    if (!options.groupServers().containsAll(List.of(ServerKind.OURS, peer))
        || FanoutSection.ok(runs, ServerKind.OURS).isEmpty()
        || FanoutSection.ok(runs, peer).isEmpty()) {
      return;
    }
    double throughput = FanoutSection.ratio(runs, peer, r -> r.load().deliveriesPerSecond(),
        false);
    double p99 = FanoutSection.ratio(runs, peer, r -> r.load().p99(), true);
    out.append(Table.header("ours / peer (medians)", "deliveries/s:",
        "server CPU per delivery, peer / ours:", "p50 latency, peer / ours:",
        "p99 latency, peer / ours:", "target", "verdict"));
    out.append(Table.row("ours / " + label(peer), Fmt.ratio(throughput),
        Fmt.ratio(FanoutSection.ratio(runs, peer, FanoutRun::serverMicrosPerDelivery, true)),
        Fmt.ratio(FanoutSection.ratio(runs, peer, r -> r.load().p50(), true)),
        Fmt.ratio(p99),
        "deliveries/s ≥ " + Fmt.ratio(TARGET_VS_SOCKET_IO) + "× at a lower p99",
        verdict(throughput, p99, FanoutSection.saturated(runs, ServerKind.OURS),
            FanoutSection.saturated(runs, peer))));
    out.append("\nA CPU or latency ratio above 1 means ours needs less. Saturated runs, and "
        + "what a deliveries/s ratio means when a side kept up: as in the fan-out.\n\n");
  }

  /**
   * @return the verdict on the target: the deliveries/s verdict of the fan-out, and ours' p99
   *     below the peer's
   */
  private static String verdict(double throughput, double p99PeerOverOurs,
                                boolean oursSaturated, boolean peerSaturated) {
    String rate = FanoutSection.verdict(throughput, TARGET_VS_SOCKET_IO, oursSaturated,
        peerSaturated);
    if (Double.isNaN(p99PeerOverOurs) || !rate.startsWith("**met**")) {
      return rate;
    }
    return p99PeerOverOurs > 1 ? rate : "**not met**: p99 not lower";
  }
}
