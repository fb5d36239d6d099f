package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.BenchMetrics;
import dev.switchboard.bench.common.CommandLines;
import dev.switchboard.core.JwtOptions;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.gateway.LocalGateway;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server the gateway benchmark ({@link GatewayBench}) measures as "ours", run as a child JVM:
 * {@link GatewayVerticle} instances, one per core, sharing a WebSocket port on 127.0.0.1 (path
 * {@code /}), whose handler broadcasts every message it receives to every connection of the
 * node ({@link LocalGateway#sendToAll(String)}: encoded once, shared by every connection).
 *
 * <p>Command line: {@code --port P} (0, the default: a free port),
 * {@code --max-send-buffer BYTES} (default {@value #DEFAULT_MAX_SEND_BUFFER}): the gateway's
 * {@code maxSendBufferSize}, overflow policy DROP; for the connect scenario
 * ({@link ConnectScenario}) {@code --connect-ack}: {@code onConnect} sends each client one text
 * message {@value #CONNECT_ACK}, which tells it that it is connected, and {@code --jwt-secret S}:
 * the gateway's {@code jwt} option with that HS256 secret (every client presents a token, checked
 * before the default connect hook accepts it; its {@code sub} becomes the client's uid); for the
 * scale scenarios ({@link ScaleServerOptions}) the gateway's {@code pingInterval},
 * {@code heartbeatTimeout} and {@code maxConnections}, and {@code --loop-delay MS}: the
 * event-loop delay probe ({@link LoopDelayProbe}), answering {@code loop-delay} lines on standard
 * input. Metrics: {@link BenchMetrics} ({@code -Dswitchboard.bench.metrics=on|off}). Prints one
 * line {@code READY port=<port> pid=<pid>} on standard output once listening, then runs until killed
 * (SIGTERM closes Vert.x).
 */
public final class GatewayBenchServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayBenchServer.class);

  /** Default bound of one connection's unsent bytes: 1 MiB (the gateway's default). */
  public static final int DEFAULT_MAX_SEND_BUFFER = GatewayOptions.DEFAULT_MAX_SEND_BUFFER_SIZE;

  /** What {@code --connect-ack} makes {@code onConnect} send to every client. */
  public static final String CONNECT_ACK = "c";

  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private GatewayBenchServer() {
  }

  /** Broadcasts every message to the node; one per verticle instance. */
  public static final class Broadcast implements GatewayHandler {

    private final boolean connectAck;
    private final LoopDelayProbe probe;
    private LocalGateway gateway;

    /** @param connectAck whether {@code onConnect} sends {@value #CONNECT_ACK} to the client */
    public Broadcast(boolean connectAck) {
      this(connectAck, null);
    }

    /**
     * @param connectAck whether {@code onConnect} sends {@value #CONNECT_ACK} to the client
     * @param probe      the event-loop delay probe to start on this verticle's loop, or null
     */
    Broadcast(boolean connectAck, LoopDelayProbe probe) {
      this.connectAck = connectAck;
      this.probe = probe;
    }

    @Override
    public void onStart(LocalGateway gateway) {
      this.gateway = gateway;
      if (probe != null) {
        probe.watchCurrentLoop();
      }
    }

    @Override
    public void onConnect(Connection connection) {
      if (connectAck) {
        connection.send(CONNECT_ACK);
      }
    }

    @Override
    public void onMessage(Connection connection, Buffer message) {
      gateway.sendToAll(message.toString());
    }
  }

  /**
   * The command line: {@code [--port P] [--max-send-buffer BYTES] [--connect-ack]
   * [--jwt-secret S]}.
   */
  @Command(name = "GatewayBenchServer", synopsisHeading = "usage: ",
      customSynopsis = "GatewayBenchServer [--port P] [--max-send-buffer BYTES] [--connect-ack] "
          + "[--jwt-secret S] [--ping-interval MS] [--heartbeat-timeout MS] "
          + "[--max-connections N] [--loop-delay MS]")
  static final class Options {

    @Mixin
    private final ServerOptions server = new ServerOptions();

    @Option(names = "--connect-ack",
        description = "onConnect sends each client one text message \"" + CONNECT_ACK + "\"")
    private boolean connectAck;

    private JwtOptions jwt;

    @Mixin
    private final ScaleServerOptions scale = new ScaleServerOptions();

    @Option(names = "--jwt-secret", paramLabel = "S",
        description = "the gateway's jwt option with this HS256 secret (at least 32 characters)")
    private void jwtSecret(String secret) {
      jwt = new JwtOptions().setSecret(secret);
      jwt.validate();
    }

    /** @return whether onConnect acknowledges each client */
    boolean connectAck() {
      return connectAck;
    }

    /** @return the jwt option, or null for none */
    JwtOptions jwt() {
      return jwt;
    }

    /** @return the scale scenarios' options: heartbeats, connection limit, loop-delay probe */
    ScaleServerOptions scale() {
      return scale;
    }

    /** @return the port and send buffer bound */
    ServerOptions server() {
      return server;
    }
  }

  /**
   * @param args {@code [--port P] [--max-send-buffer BYTES] [--connect-ack] [--jwt-secret S]}
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    Options parsed = new Options();
    CommandLines.parseOrExit(parsed, args);
    int port = parsed.server().port();
    int maxSendBuffer = parsed.server().maxSendBuffer();
    if (port == 0) {
      port = freePort(); // the instances share one port: pick it for them
    }
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(BenchMetrics.configure(new VertxOptions()
        .setEventLoopPoolSize(loops)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 10 s");
      }
    }, "gateway-bench-server-stop"));
    GatewayOptions options = new GatewayOptions().setPort(port)
        .setMaxSendBufferSize(maxSendBuffer).setJwt(parsed.jwt());
    parsed.scale().apply(options);
    options.getMetrics().setEnabled(BenchMetrics.on());
    boolean connectAck = parsed.connectAck();
    long loopDelay = parsed.scale().loopDelayMillis();
    LoopDelayProbe probe = loopDelay > 0 ? new LoopDelayProbe(loopDelay) : null;
    vertx.deployVerticle(() -> new GatewayVerticle(options, new Broadcast(connectAck, probe)),
        new DeploymentOptions().setInstances(loops))
        .await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    BenchMetrics.scrapePeriodically(vertx);
    if (probe != null) {
      probe.answerStandardInput();
    }
    System.out.println("READY port=" + port + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
