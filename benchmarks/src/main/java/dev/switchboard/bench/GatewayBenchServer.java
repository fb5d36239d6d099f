package dev.switchboard.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server the gateway benchmark ({@link GatewayBench}) measures as "ours", run as a child JVM:
 * a WebSocket server on 127.0.0.1, path {@code /}, that broadcasts every text message it receives
 * to every open connection, the sender included.
 *
 * <p>Command line: {@code --port P} (0, the default: a free port) and
 * {@code --max-send-buffer BYTES} (default {@value #DEFAULT_MAX_SEND_BUFFER}): a connection with
 * more than that many bytes not yet written to its socket misses broadcasts until it drains.
 * Prints one line {@code READY port=<port> pid=<pid>} on standard output once listening, then
 * runs until killed (SIGTERM closes Vert.x).
 *
 * <p><b>Stand-in until the gateway module lands</b>: plain Vert.x 5, one {@link HttpServer} per
 * event loop sharing the port (one verticle instance each), {@link ServerWebSocket#writeTextMessage}
 * per connection (the text is encoded again for each), writes to another event loop's connections
 * handed to that loop in one task per broadcast. It only lets the harness run end to end; its body
 * is to be replaced by the gateway module's server.
 */
public final class GatewayBenchServer {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayBenchServer.class);

  /** Default bound of one connection's unsent bytes: 1 MiB. */
  public static final int DEFAULT_MAX_SEND_BUFFER = 1024 * 1024;

  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private GatewayBenchServer() {
  }

  /**
   * @param args {@code [--port P] [--max-send-buffer BYTES]}
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = 0;
    int maxSendBuffer = DEFAULT_MAX_SEND_BUFFER;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = BenchOptions.integer("--port", BenchOptions.value(args, ++i,
            "--port"), 0, 65_535);
        case "--max-send-buffer" -> maxSendBuffer = BenchOptions.integer("--max-send-buffer",
            BenchOptions.value(args, ++i, "--max-send-buffer"), 1_024, Integer.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (usage: GatewayBenchServer [--port P] [--max-send-buffer BYTES])");
      }
    }
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    Broadcaster broadcaster = new Broadcaster();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping; {} writes skipped (send buffer full)", broadcaster.skipped.sum());
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 10 s");
      }
    }, "gateway-bench-server-stop"));
    // port 0 becomes -1: Vert.x's "one random port shared by every instance"
    int listenPort = port == 0 ? -1 : port;
    int actualPort = 0;
    for (int i = 0; i < loops; i++) {
      Loop loop = new Loop(broadcaster, listenPort, maxSendBuffer);
      vertx.deployVerticle(loop, new DeploymentOptions())
          .await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      actualPort = loop.actualPort();
    }
    LOG.info("Stand-in gateway: {} event loop(s), max send buffer {} bytes", loops, maxSendBuffer);
    System.out.println("READY port=" + actualPort + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
  }

  /** Every event loop's connections, and the broadcast across them. Thread-safe. */
  private static final class Broadcaster {

    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final LongAdder skipped = new LongAdder();

    /**
     * @param from the loop the message came in on (the caller runs on it)
     * @param text the message
     */
    void broadcast(Loop from, String text) {
      for (Loop loop : loops) {
        if (loop == from) {
          loop.writeAll(text, skipped);
        } else {
          loop.runOnLoop(() -> loop.writeAll(text, skipped));
        }
      }
    }
  }

  /** One event loop: its HTTP server instance and its connections, touched only on that loop. */
  private static final class Loop extends VerticleBase {

    private final Broadcaster broadcaster;
    private final int port;
    private final int maxSendBuffer;
    private final Set<ServerWebSocket> connections = new HashSet<>();
    private volatile int actualPort;

    Loop(Broadcaster broadcaster, int port, int maxSendBuffer) {
      this.broadcaster = broadcaster;
      this.port = port;
      this.maxSendBuffer = maxSendBuffer;
    }

    @Override
    public Future<?> start() {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
          .setPort(port).setTcpNoDelay(true));
      server.webSocketHandler(this::accept);
      broadcaster.loops.add(this);
      return server.listen().onSuccess(s -> actualPort = s.actualPort());
    }

    private void accept(ServerWebSocket ws) {
      if (!"/".equals(ws.path())) {
        ws.close((short) 1008, "unknown path");
        return;
      }
      ws.setWriteQueueMaxSize(maxSendBuffer);
      connections.add(ws);
      ws.closeHandler(v -> connections.remove(ws));
      ws.exceptionHandler(e -> LOG.debug("Connection failed: {}", e.toString()));
      ws.textMessageHandler(text -> broadcaster.broadcast(this, text));
    }

    void runOnLoop(Runnable task) {
      context.runOnContext(v -> task.run());
    }

    void writeAll(String text, LongAdder skipped) {
      for (ServerWebSocket ws : connections) {
        if (ws.writeQueueFull()) {
          skipped.increment();
        } else {
          ws.writeTextMessage(text);
        }
      }
    }

    int actualPort() {
      return actualPort;
    }
  }
}
