package dev.switchboard.core.internal;

import dev.switchboard.core.MetricsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The metrics listener of a node ({@link MetricsOptions#getPort()}): plain HTTP/1.1 answering
 * {@code GET /metrics} only ({@link MetricsEndpoint}), for nodes without a gateway or operators
 * who keep metrics off the public port. Who may use it: whoever reaches its host and port (by
 * default 127.0.0.1 only). Bounded: request line {@value #MAX_LINE} bytes, headers
 * {@value #MAX_HEADERS} bytes, no body read, idle connections closed after
 * {@value #IDLE_SECONDS} s.
 *
 * <p>Several verticle instances of one node may each start one on the same port: Vert.x shares
 * the port between them.
 *
 * <p>Threading: {@link #start} and {@link #close} from any thread; requests on the caller's
 * context.
 */
public final class MetricsServer {

  /** Longest request line, bytes: {@value}. */
  static final int MAX_LINE = 1024;

  /** Largest request headers, bytes: {@value}. */
  static final int MAX_HEADERS = 8192;

  /** Idle time after which a connection is closed, seconds: {@value}. */
  static final int IDLE_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the listener when the options ask for one.
   *
   * @param vertx   the node
   * @param options its metrics options
   * @return the listener once it listens; null when metrics are off or it has no port
   */
  public static Future<MetricsServer> start(Vertx vertx, MetricsOptions options) {
    if (!options.isEnabled() || options.getPort() == MetricsOptions.OFF) {
      return Future.succeededFuture();
    }
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.getHost()).setPort(options.getPort())
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(MAX_HEADERS)
        .setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS))
        .requestHandler(request -> MetricsEndpoint.handle(vertx, request));
    return server.listen().map(s -> {
      LOG.info("Metrics listening on {}:{}", options.getHost(), s.actualPort());
      return new MetricsServer(s);
    });
  }

  /**
   * Starts the listener of a verticle whose other parts have started: when it cannot listen,
   * {@code undo} closes those parts, then the returned future fails with the listener's reason.
   *
   * @param vertx   the node
   * @param options the verticle's metrics options
   * @param undo    closes what the verticle started
   * @return as {@link #start}
   */
  public static Future<MetricsServer> startOrUndo(Vertx vertx, MetricsOptions options,
      Supplier<Future<?>> undo) {
    return start(vertx, options).recover(e -> undo.get().transform(ar -> Future.failedFuture(e)));
  }

  /**
   * @param server a listener, or null
   * @return its port, or {@link MetricsOptions#OFF} when null
   */
  public static int portOf(MetricsServer server) {
    return server == null ? MetricsOptions.OFF : server.port();
  }

  /**
   * @param server a listener, or null
   * @return completed once it is closed (at once when null)
   */
  public static Future<Void> close(MetricsServer server) {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** @return the port it listens on */
  public int port() {
    return server.actualPort();
  }

  /** @return completed once closed */
  public Future<Void> close() {
    return server.close();
  }
}
