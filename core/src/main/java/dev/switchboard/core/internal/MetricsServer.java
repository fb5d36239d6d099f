package dev.switchboard.core.internal;

import dev.switchboard.core.MetricsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

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

  /** @return the port it listens on */
  public int port() {
    return server.actualPort();
  }

  /** @return completed once closed */
  public Future<Void> close() {
    return server.close();
  }
}
