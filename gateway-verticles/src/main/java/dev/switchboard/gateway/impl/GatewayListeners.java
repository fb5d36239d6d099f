package dev.switchboard.gateway.impl;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.MetricsServer;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Protocol;
import dev.switchboard.core.internal.PortInUse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A gateway verticle's listeners, as its options ask: the HTTP port (WebSocket and static files;
 * TLS, the PROXY protocol when asked), the status listener, and the frame and text protocols'
 * TCP ports; their actual ports once listening.
 *
 * <p>Threading: created, started and closed on the verticle's context (Vert.x hands each
 * listener's connections to the context it was started on); the ports may be read from any
 * thread once listening.
 */
final class GatewayListeners {

  private final Vertx vertx;
  private final GatewayOptions options;
  private final ProxyProtocolGate proxyGate;
  private volatile HttpServer http;
  private volatile HttpServer statusHttp;
  private volatile MetricsServer metricsServer;
  private volatile NetServer frameServer;
  private volatile NetServer textServer;

  /**
   * @param vertx     the Vert.x instance
   * @param options   the verticle's options
   * @param proxyGate the PROXY protocol's trust check
   */
  GatewayListeners(Vertx vertx, GatewayOptions options, ProxyProtocolGate proxyGate) {
    this.vertx = vertx;
    this.options = options;
    this.proxyGate = proxyGate;
  }

  /**
   * Starts every listener the options ask for.
   *
   * @param opened         an HTTP connection to the HTTP port was accepted
   * @param requests       a request to the HTTP port
   * @param statusRequests a request to the status listener
   * @param tcp            a TCP client of the frame or text protocol
   * @return completed when every listener listens; failed when one could not (the others may
   *     listen then: {@link #close()} them)
   */
  Future<Void> listen(Handler<HttpConnection> opened, Handler<HttpServerRequest> requests,
      Handler<HttpServerRequest> statusRequests, BiConsumer<NetSocket, Protocol> tcp) {
    HttpServerOptions httpOptions = new HttpServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        .setHttp2ClearTextEnabled(false) // a WebSocket upgrade takes an HTTP/1.1 connection
        // no compression extension: Vert.x would accept a browser's permessage-deflate offer in
        // the 101 answer, and the gateway's frame decoder takes no extension
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setSslHandshakeTimeout(options.getHandshakeTimeout())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    options.applyTls(httpOptions);
    proxyGate.apply(httpOptions, options.isHttpProxyProtocol());
    HttpServer main = vertx.createHttpServer(httpOptions)
        .connectionHandler(opened)
        .requestHandler(requests);
    if (options.isHttpProxyProtocol()) {
      main.exceptionHandler(proxyGate.failures("HTTP"));
    }
    http = main;
    List<Future<?>> all = new ArrayList<>(List.of(PortInUse.named(main.listen(),
        "gateway HTTP port", options.getHost(), options.getPort())));
    if (options.getStatusPort() != GatewayOptions.OFF) {
      // the status listener is for operators: its own address, no WebSocket, its own connections
      HttpServer status = vertx.createHttpServer(new HttpServerOptions()
          .setHost(options.getStatusHost())
          .setPort(options.getStatusPort()).setHttp2ClearTextEnabled(false)
          .setIdleTimeout((int) options.getHandshakeTimeout())
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
          .requestHandler(statusRequests);
      statusHttp = status;
      all.add(PortInUse.named(status.listen(), "gateway status port", options.getStatusHost(),
          options.getStatusPort()));
    }
    // the metrics listener (metrics.port): GET /metrics only, for operators
    all.add(MetricsServer.start(vertx, options.getMetrics()).onSuccess(m -> metricsServer = m));
    if (options.getFramePort() != GatewayOptions.OFF) {
      frameServer = tcpServer(options.getFramePort(), Protocol.FRAME, tcp);
      all.add(PortInUse.named(frameServer.listen(), "gateway frame port", options.getHost(),
          options.getFramePort()));
    }
    if (options.getTextPort() != GatewayOptions.OFF) {
      textServer = tcpServer(options.getTextPort(), Protocol.TEXT, tcp);
      all.add(PortInUse.named(textServer.listen(), "gateway text port", options.getHost(),
          options.getTextPort()));
    }
    return Future.all(all).mapEmpty();
  }

  private NetServer tcpServer(int port, Protocol protocol, BiConsumer<NetSocket, Protocol> tcp) {
    NetServerOptions netOptions = new NetServerOptions().setHost(options.getHost()).setPort(port)
        .setTcpNoDelay(true);
    options.applyTls(netOptions);
    NetServer server = vertx.createNetServer(proxyGate.apply(netOptions,
        options.isProxyProtocol())).connectHandler(socket -> tcp.accept(socket, protocol));
    return options.isProxyProtocol()
        ? server.exceptionHandler(proxyGate.failures(protocol.wireName())) : server;
  }

  /** @return the listeners' closing, one future each */
  List<Future<?>> close() {
    List<Future<?>> closing = new ArrayList<>();
    for (HttpServer server : new HttpServer[] {http, statusHttp}) {
      if (server != null) {
        closing.add(server.close());
      }
    }
    for (NetServer server : new NetServer[] {frameServer, textServer}) {
      if (server != null) {
        closing.add(server.close());
      }
    }
    MetricsServer metrics = metricsServer;
    if (metrics != null) {
      closing.add(metrics.close());
    }
    return closing;
  }

  /** @return the HTTP port, or null before it listens */
  Integer port() {
    return http == null ? null : http.actualPort();
  }

  /** @return the status listener's port, or {@link GatewayOptions#OFF} */
  int statusPort() {
    return statusHttp == null ? GatewayOptions.OFF : statusHttp.actualPort();
  }

  /** @return the metrics listener's port, or {@link MetricsOptions#OFF} */
  int metricsPort() {
    MetricsServer metrics = metricsServer;
    return metrics == null ? MetricsOptions.OFF : metrics.port();
  }

  /** @return the frame protocol's port, or {@link GatewayOptions#OFF} */
  int framePort() {
    return frameServer == null ? GatewayOptions.OFF : frameServer.actualPort();
  }

  /** @return the text protocol's port, or {@link GatewayOptions#OFF} */
  int textPort() {
    return textServer == null ? GatewayOptions.OFF : textServer.actualPort();
  }

  /** @return the port of a protocol's listener, or {@link GatewayOptions#OFF} */
  int port(Protocol protocol) {
    return switch (protocol) {
      case WEBSOCKET -> port();
      case FRAME -> framePort();
      case TEXT -> textPort();
    };
  }
}
