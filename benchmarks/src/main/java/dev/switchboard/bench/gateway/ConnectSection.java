package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.bench.common.Table;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The connect section of the gateway report: connections accepted per second with and without a
 * JWT check, ours against Socket.IO 4 with a {@code jsonwebtoken} middleware, what the check costs
 * each, and every run. Medians over the clean runs (every client accepted, none failed).
 *
 * <p>Stateless; called by {@link GatewayReport} on the main thread.
 */
final class ConnectSection {

  private ConnectSection() {
  }

  /**
   * @param out      where the markdown goes
   * @param options  the run's options
   * @param runs     every connect run
   * @param commands how each server and its load generator were started, by server
   */
  static void render(StringBuilder out, GatewayBenchOptions options, List<ConnectRun> runs,
                     Map<ConnectServer, List<String>> commands) {
    ConnectOptions o = options.connect();
    out.append("## 5. Connections accepted per second, with and without a JWT check\n\n")
        .append(String.format(Locale.ROOT, "%d clients connecting at once (%s), each one "
                + "connecting, waiting until the server confirms it connected, closing (closing handshake, "
                + "waited for), and starting over; %s s warm-up, then %s s measured: clients "
                + "confirmed in the window per second, and the handshake latency of each, from "
                + "the new socket to the confirmation (HdrHistogram). Confirmed means: ours, the "
                + "101 and then the message its `onConnect` sends (so the JWT check, the connect "
                + "hook and `onConnect` have run); Socket.IO, the namespace's CONNECT packet, "
                + "written as its `connection` event fires (after the middlewares), which takes "
                + "one round trip more after the 101 (Engine.IO open packet, the client's CONNECT "
                + "with its `auth`), inherent to its protocol. One HS256 secret and one token "
                + "(`sub`, `exp` an hour ahead) per run, the same for every client of every "
                + "server, sent whether or not the server checks it: ours in the `token` query "
                + "parameter, Socket.IO in the CONNECT packet as `auth: {token}` (what "
                + "socket.io-client sends). With the check, ours verifies it with the gateway's "
                + "`jwt` option (vertx-auth-jwt) before the default connect hook and binds the "
                + "client to its `sub`; Socket.IO with an `io.use` middleware "
                + "(`jsonwebtoken.verify`, HS256 only, a string `sub`), which joins the client "
                + "to room `uid:<sub>`. Rejected clients are counted over the whole run and must "
                + "be 0. Server CPU per connection: the server process's CPU in the window over "
                + "the clients confirmed in it (their closing included). A fresh server per run; "
                + "medians of %d round(s), the servers rotating.\n\n", o.concurrency(),
            o.workers() == 0 ? "one load-generator process" : "shared out to " + o.workers()
                + " load-generator processes",
            Args.seconds(o.warmup()), Args.seconds(o.duration()), options.rounds()));
    commands.forEach((server, list) -> list.forEach(c -> out.append("- ")
        .append(server.label()).append(": `").append(c).append("`\n")));
    out.append('\n').append("Reproduce: `")
        .append(Reproduce.command(options, GatewayScenario.CONNECT)).append("`\n\n");
    renderMedians(out, o.servers(), runs);
    renderRatios(out, runs);
    renderCosts(out, runs);
    renderRounds(out, runs, o.duration());
  }

  private static void renderMedians(StringBuilder out, List<ConnectServer> servers,
                                    List<ConnectRun> runs) {
    out.append(Table.header("server", "clean runs:", "connections/s:", "p50 ms:", "p99 ms:",
        "p99.9 ms:", "server CPU µs/connection:", "load generator CPU µs/connection:",
        "rejected (all runs):", "failed (all runs):"));
    for (ConnectServer server : servers) {
      List<ConnectRun> clean = clean(runs, server);
      out.append(Table.row(server.label(), clean.size(),
          Fmt.count(median(clean, r -> r.load().acceptedPerSecond())),
          Fmt.millis(median(clean, r -> r.load().p50())),
          Fmt.millis(median(clean, r -> r.load().p99())),
          Fmt.millis(median(clean, r -> r.load().p999())),
          Fmt.micros(median(clean, ConnectRun::serverMicrosPerConnection)),
          Fmt.micros(median(clean, ConnectRun::loadMicrosPerConnection)),
          total(runs, server, ConnectResult::rejected), total(runs, server,
              ConnectResult::errors)));
    }
    out.append('\n');
  }

  private static void renderRatios(StringBuilder out, List<ConnectRun> runs) {
    out.append(Table.header("ours / Socket.IO (medians)", "connections/s, ours / Socket.IO:",
        "server CPU per connection, Socket.IO / ours:", "p50, Socket.IO / ours:",
        "p99, Socket.IO / ours:"));
    ratioRow(out, "without a check", runs, ConnectServer.OURS, ConnectServer.SOCKET_IO);
    ratioRow(out, "with the JWT check", runs, ConnectServer.OURS_JWT,
        ConnectServer.SOCKET_IO_JWT);
    out.append("\nA CPU or latency ratio above 1 means ours needs less.\n\n");
  }

  private static void ratioRow(StringBuilder out, String what, List<ConnectRun> runs,
                               ConnectServer ours, ConnectServer peer) {
    out.append(Table.row(what,
        Fmt.ratio(figure(runs, ours, r -> r.load().acceptedPerSecond()),
            figure(runs, peer, r -> r.load().acceptedPerSecond())),
        Fmt.ratio(figure(runs, peer, ConnectRun::serverMicrosPerConnection),
            figure(runs, ours, ConnectRun::serverMicrosPerConnection)),
        Fmt.ratio(figure(runs, peer, r -> r.load().p50()), figure(runs, ours, r -> r.load().p50())),
        Fmt.ratio(figure(runs, peer, r -> r.load().p99()),
            figure(runs, ours, r -> r.load().p99()))));
  }

  private static void renderCosts(StringBuilder out, List<ConnectRun> runs) {
    out.append("What the check costs (medians, with − without):\n\n")
        .append(Table.header("server", "connections/s without:", "with:", "with / without:",
            "server CPU µs/connection added:", "p50 ms added:", "p99 ms added:"));
    costRow(out, "ours", runs, ConnectServer.OURS, ConnectServer.OURS_JWT);
    costRow(out, "Socket.IO", runs, ConnectServer.SOCKET_IO, ConnectServer.SOCKET_IO_JWT);
    out.append('\n');
  }

  private static void costRow(StringBuilder out, String what, List<ConnectRun> runs,
                              ConnectServer without, ConnectServer with) {
    double before = figure(runs, without, r -> r.load().acceptedPerSecond());
    double after = figure(runs, with, r -> r.load().acceptedPerSecond());
    out.append(Table.row(what, Fmt.count(before), Fmt.count(after),
        Fmt.ratio(after, before),
        signed("%+.1f", figure(runs, with, ConnectRun::serverMicrosPerConnection)
            - figure(runs, without, ConnectRun::serverMicrosPerConnection)),
        signed("%+.2f", figure(runs, with, r -> r.load().p50())
            - figure(runs, without, r -> r.load().p50())),
        signed("%+.2f", figure(runs, with, r -> r.load().p99())
            - figure(runs, without, r -> r.load().p99()))));
  }

  private static void renderRounds(StringBuilder out, List<ConnectRun> runs, Duration window) {
    out.append("Every run (load generator cores: its processes' CPU in the window over the "
            + "window; near its process count, it set the pace):\n\n")
        .append(Table.header("server", "round:", "connections/s:",
        "accepted in window:", "p50 ms:", "p99 ms:", "max ms:", "server CPU µs/connection:",
        "load generator CPU µs/connection:", "load generator cores:", "machine busy:",
        "rejected:", "failed:", "note"));
    for (ConnectRun r : runs) {
      if (!r.ok()) {
        out.append(Table.row(r.server().label(), r.round(), "", "", "", "", "", "", "", "", "",
            "", "", "failed: " + r.failure()));
        continue;
      }
      ConnectResult l = r.load();
      String problem = l.problem();
      out.append(Table.row(r.server().label(), r.round(), Fmt.count(l.acceptedPerSecond()),
          Fmt.count(l.windowAccepted()), Fmt.millis(l.p50()), Fmt.millis(l.p99()),
          Fmt.millis(l.max()), Fmt.micros(r.serverMicrosPerConnection()),
          Fmt.micros(r.loadMicrosPerConnection()), Fmt.ratio(r.loadCores(window)),
          Fmt.percent(r.cpu().machineBusy()),
          l.rejected(), l.errors(), problem == null ? "" : "not counted: " + problem));
    }
    out.append('\n');
  }

  /**
   * @param runs   every connect run
   * @param server a server
   * @param value  a figure of a run
   * @return the figure's median over the server's clean runs, NaN when it has none
   */
  static double figure(List<ConnectRun> runs, ConnectServer server,
                       ToDoubleFunction<ConnectRun> value) {
    return median(clean(runs, server), value);
  }

  private static List<ConnectRun> clean(List<ConnectRun> runs, ConnectServer server) {
    return runs.stream().filter(r -> r.server() == server && r.clean()).toList();
  }

  private static double median(List<ConnectRun> runs, ToDoubleFunction<ConnectRun> value) {
    return Fmt.median(runs.stream().map(r -> value.applyAsDouble(r)).toList());
  }

  private static long total(List<ConnectRun> runs, ConnectServer server,
                            ToDoubleFunction<ConnectResult> value) {
    return runs.stream().filter(r -> r.server() == server && r.ok())
        .mapToLong(r -> (long) value.applyAsDouble(r.load())).sum();
  }

  private static String signed(String format, double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? Fmt.NONE
        : String.format(Locale.ROOT, format, value);
  }
}
