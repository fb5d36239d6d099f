package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CommandLines;
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
 * <p>Command line: {@code --port P} (0, the default: a free port) and
 * {@code --max-send-buffer BYTES} (default {@value #DEFAULT_MAX_SEND_BUFFER}): the gateway's
 * {@code maxSendBufferSize}, overflow policy DROP. Prints one line
 * {@code READY port=<port> pid=<pid>} on standard output once listening, then runs until killed
 * (SIGTERM closes Vert.x).
 */
public final class GatewayBenchServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayBenchServer.class);

  /** Default bound of one connection's unsent bytes: 1 MiB (the gateway's default). */
  public static final int DEFAULT_MAX_SEND_BUFFER = GatewayOptions.DEFAULT_MAX_SEND_BUFFER_SIZE;

  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private GatewayBenchServer() {
  }

  /** Broadcasts every message to the node; one per verticle instance. */
  public static final class Broadcast implements GatewayHandler {

    private LocalGateway gateway;

    @Override
    public void onStart(LocalGateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public void onMessage(Connection connection, Buffer message) {
      gateway.sendToAll(message.toString());
    }
  }

  /** The command line: {@code [--port P] [--max-send-buffer BYTES]}. */
  @Command(name = "GatewayBenchServer", synopsisHeading = "usage: ",
      customSynopsis = "GatewayBenchServer [--port P] [--max-send-buffer BYTES]")
  static final class Options {

    @Mixin
    private final ServerOptions server = new ServerOptions();

    /** @return the port and send buffer bound */
    ServerOptions server() {
      return server;
    }
  }

  /**
   * @param args {@code [--port P] [--max-send-buffer BYTES]}
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
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 10 s");
      }
    }, "gateway-bench-server-stop"));
    GatewayOptions options = new GatewayOptions().setPort(port)
        .setMaxSendBufferSize(maxSendBuffer);
    vertx.deployVerticle(() -> new GatewayVerticle(options, new Broadcast()),
        new DeploymentOptions().setInstances(loops))
        .await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println("READY port=" + port + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
