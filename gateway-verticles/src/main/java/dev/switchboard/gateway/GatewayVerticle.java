package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.GatewayServer;
import dev.switchboard.gateway.impl.HandlerClasses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds client connections: WebSocket on the HTTP port (default 127.0.0.1:8282, path {@code /}),
 * and by option raw TCP clients of the frame and text protocols, each with a bounded send buffer;
 * serves {@code GET /status} and {@code GET /status/connections} on the HTTP port.
 *
 * <p>Deploy it from code with options and a {@link GatewayHandler}, or by name with the options
 * in {@code config()} (keys of {@link GatewayOptions}; {@code handler} names the handler class):
 * {@code bin/vertx run dev.switchboard.gateway.GatewayVerticle -conf gateway.json}. With no
 * config at all it listens on 127.0.0.1:8282, accepts connections and counts them. With
 * {@code -instances N} the instances share the ports; each holds its own connections, and
 * {@link LocalGateway} sees those of every instance.
 *
 * <p>Threading: a verticle; its connections live on its context.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private final GatewayOptions givenOptions;
  private final GatewayHandler givenHandler;
  private GatewayServer server;

  /** A verticle configured by {@code config()}. */
  public GatewayVerticle() {
    this(null, null);
  }

  /**
   * A verticle configured in code.
   *
   * @param options the options (null: read {@code config()})
   * @param handler the application (null: the one named by the options, or none)
   */
  public GatewayVerticle(GatewayOptions options, GatewayHandler handler) {
    this.givenOptions = options;
    this.givenHandler = handler;
  }

  @Override
  public Future<?> start() {
    GatewayOptions options;
    GatewayHandler handler;
    try {
      options = givenOptions != null ? givenOptions : new GatewayOptions(config());
      handler = handler(options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    server = new GatewayServer(vertx, context, options, handler);
    return server.start().onSuccess(v -> LOG.info(
        "Gateway listening on {}:{}{} (WebSocket {}){}{}{}, {}", options.getHost(),
        server.actualPort(), options.isSsl() ? " (TLS)" : "", options.getPath(),
        server.actualFramePort() == GatewayOptions.OFF ? "" : ", frame " + server.actualFramePort(),
        server.actualTextPort() == GatewayOptions.OFF ? "" : ", text " + server.actualTextPort(),
        server.actualStatusPort() == GatewayOptions.OFF ? ""
            : ", status " + options.getStatusHost() + ":" + server.actualStatusPort(),
        handler != null ? "handler " + handler.getClass().getName()
            : options.getBusiness() != null ? "forwarding to business '" + options.getBusiness()
            + "'" : "forwarding to PHP BusinessWorkers"));
  }

  private GatewayHandler handler(GatewayOptions options) {
    String className = options.getHandler();
    if (options.getBusiness() != null) {
      if (givenHandler != null || className != null) {
        throw new IllegalArgumentException("a gateway forwarding to business '"
            + options.getBusiness() + "' takes no handler of its own");
      }
      return null; // the server forwards
    }
    if (givenHandler != null) {
      return givenHandler;
    }
    if (className == null && options.getWorkerman().isEnabled()) {
      return null; // GatewayWorker's Gateway: the events go to the PHP BusinessWorkers
    }
    return className == null ? new GatewayHandler() {
    } : HandlerClasses.instantiate(className, GatewayHandler.class);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }

  /**
   * @return the HTTP (WebSocket and status) port, once started
   */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * @return the status listener's port once started, or {@link GatewayOptions#OFF}
   */
  public int actualStatusPort() {
    return server.actualStatusPort();
  }

  /**
   * @return the metrics listener's port once started, or {@code MetricsOptions.OFF}
   *     ({@code metrics.port})
   */
  public int actualMetricsPort() {
    return server.actualMetricsPort();
  }

  /**
   * @return the frame protocol's port once started, or {@link GatewayOptions#OFF}
   */
  public int actualFramePort() {
    return server.actualFramePort();
  }

  /**
   * @return the address ({@code ip:port}) PHP knows GatewayWorker's inner listener by once
   *     started, or null when it is off
   */
  public String workermanAddress() {
    return server.workermanAddress();
  }

  /**
   * @return the text protocol's port once started, or {@link GatewayOptions#OFF}
   */
  public int actualTextPort() {
    return server.actualTextPort();
  }

  /**
   * @return the connections of this node's gateway verticles, once started
   */
  public LocalGateway gateway() {
    return server.node();
  }
}
