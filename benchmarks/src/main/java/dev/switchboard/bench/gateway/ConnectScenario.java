package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.Fmt;
import dev.switchboard.testkit.JwtTokens;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 5, the cost of a connect hook's JWT check: connections accepted per second and the
 * handshake latency under a fixed count of clients connecting at once (each connecting, confirmed,
 * closing, again), for ours and Socket.IO 4, each without and with an HS256 check of the token
 * every client presents (ours: the gateway's {@code jwt} option before the default connect hook;
 * Socket.IO: an {@code io.use} middleware with {@code jsonwebtoken}). Per round and server
 * (servers rotating), a fresh server and one load-generator run. One secret and one token (sub
 * {@value #SUBJECT}, valid for an hour) are made per run, so every client of every server presents
 * the same token.
 *
 * <p>Not thread-safe: run it on the main thread.
 */
final class ConnectScenario extends ScenarioBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectScenario.class);

  /** The {@code sub} of the run's token. */
  static final String SUBJECT = "bench-user";

  private static final long TOKEN_SECONDS = 3_600;

  /**
   * @param options the run's options
   * @param node    the Node runtime
   * @param cleanup where processes are registered
   * @param report  where results go
   */
  ConnectScenario(GatewayBenchOptions options, NodeRuntime node, Cleanup cleanup,
      GatewayReport report) {
    super(options, node, cleanup, report);
  }

  @Override
  void run() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String token = sign(secret);
    rounds(options.connect().servers(), (server, round) ->
        report.connect(measure(server, round, secret, token)));
  }

  /** Signs the run's token with vertx-auth-jwt (testkit {@link JwtTokens}), HS256. */
  private static String sign(String secret) {
    Vertx vertx = Vertx.vertx();
    try {
      return JwtTokens.hs256(vertx, secret, null).sign(JwtTokens.claims(SUBJECT, TOKEN_SECONDS));
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 10 s");
      }
    }
  }

  private ConnectRun measure(ConnectServer server, int round, String secret, String token) {
    ConnectOptions o = options.connect();
    LOG.info("Connect, {}, round {}: {} clients connecting at once", server.label(), round,
        o.concurrency());
    try (GatewayServer process = GatewayServer.start(server.kind(), node,
        options.maxSendBuffer(), server.serverArguments(secret), cleanup);
         ConnectLoad load = ConnectLoad.start(node, server, process.port(), token, o, cleanup)) {
      report.connectCommands(server, process.command(), load.command());
      load.awaitOpened();
      WindowCpu cpu = WindowCpu.measure(load, process.pid());
      ConnectRun run = new ConnectRun(server, round, load.finish(), cpu, null);
      log(run);
      return run;
    } catch (Exception e) {
      return ConnectRun.failed(server, round,
          failed("Connect, " + server.label() + ", round " + round, e));
    }
  }

  private static void log(ConnectRun r) {
    ConnectResult l = r.load();
    LOG.info("Connect, {}, round {}: {} connections/s, p50 {} ms, p99 {} ms, server {} "
            + "µs/connection, load generator {} µs/connection, {} rejected, {} failed",
        r.server().label(), r.round(), Fmt.count(l.acceptedPerSecond()), Fmt.millis(l.p50()),
        Fmt.millis(l.p99()), Fmt.micros(r.serverMicrosPerConnection()),
        Fmt.micros(r.loadMicrosPerConnection()), l.rejected(), l.errors());
  }
}
