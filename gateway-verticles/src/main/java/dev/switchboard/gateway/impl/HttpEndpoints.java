package dev.switchboard.gateway.impl;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway verticle's HTTP listeners answer. The HTTP port: WebSocket handshakes on the
 * path (checked as RFC 6455 asks, and for their origin), {@code GET /status} (counters, no client
 * identities), static files when there is a web root, fixed {@code text/plain} errors otherwise.
 * The status listener: {@code GET /status} and {@code GET /status/connections}.
 *
 * <p>Threading: on the verticle's context.
 */
final class HttpEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

  private final GatewayServer server;
  private final HttpAdmission admission;
  private final StaticFiles webRoot;

  /**
   * @param server    the verticle's server
   * @param admission its admission of connections
   * @param webRoot   its static files, or null
   */
  HttpEndpoints(GatewayServer server, HttpAdmission admission, StaticFiles webRoot) {
    this.server = server;
    this.admission = admission;
    this.webRoot = webRoot;
  }

  /** A request to the HTTP port. */
  void request(HttpServerRequest request) {
    if (!admission.answering(request, server)) {
      return;
    }
    String path = request.path();
    if ("/status".equals(path)) {
      status(request);
    } else if (server.options().getPath().equals(path) && (webRoot == null || isUpgrade(request))) {
      upgrade(request);
    } else if (webRoot != null) {
      webRoot.serve(request);
    } else {
      HttpAnswers.plain(request.response(), 404, "not found");
    }
  }

  /** A request to the status listener: the counters, and the list of connections. */
  void statusRequest(HttpServerRequest request) {
    String path = request.path();
    if ("/status".equals(path)) {
      status(request);
    } else if ("/status/connections".equals(path)) {
      reply(request, server.node().connections());
    } else {
      HttpAnswers.plain(request.response(), 404, "not found");
    }
  }

  private void status(HttpServerRequest request) {
    reply(request, "true".equals(request.getParam("cluster")) ? server.node().clusterStatus()
        : server.node().status());
  }

  private static void reply(HttpServerRequest request, Future<?> json) {
    json.onComplete(ar -> {
      if (ar.succeeded()) {
        Object body = ar.result();
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(body instanceof JsonObject o ? o.encodePrettily() : ((JsonArray) body).encodePrettily());
      } else {
        LOG.warn("Gateway status request failed: {}", ar.cause().toString());
        HttpAnswers.plain(request.response(), 503, "status unavailable");
      }
    });
  }

  private static boolean isUpgrade(HttpServerRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  private void upgrade(HttpServerRequest request) {
    if (!isUpgrade(request)) {
      HttpAnswers.plain(request.response(), 400, "WebSocket upgrade expected");
      return;
    }
    String refused = WebSocketHandshake.refuse(request);
    if (refused != null) {
      server.stats().increment(Counter.PROTOCOL_ERRORS);
      server.clientLog().info("Gateway refused a WebSocket handshake from {}: {}",
          request.remoteAddress(), refused);
      return;
    }
    if (!Origins.accepted(request.getHeader(HttpHeaders.ORIGIN),
        request.getHeader(HttpHeaders.HOST), server.options().getAllowedOrigins())) {
      server.stats().increment(Counter.ORIGIN_REFUSED);
      server.clientLog().info("Gateway refused a WebSocket from {}: origin {} is not allowed"
          + " (allowedOrigins)", request.remoteAddress(), request.getHeader(HttpHeaders.ORIGIN));
      HttpAnswers.plain(request.response(), 403, "origin not allowed");
      return;
    }
    admission.upgraded(request);
    WebSocketConnection.accept(server, server.context(), request, server::accept);
  }
}
