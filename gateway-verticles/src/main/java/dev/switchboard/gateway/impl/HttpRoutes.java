package dev.switchboard.gateway.impl;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.MetricsEndpoint;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Handshake;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * What a gateway verticle's HTTP listeners answer. The HTTP port: WebSocket handshakes on the
 * WebSocket path (checked as RFC 6455 asks, and for their origin, before any routing), then a
 * vertx-web {@link Router}: {@code GET /status} (counters, no client identities) and, when there
        .handler(this::connections);
    if (metrics.isEnabled()) {
      statusRouter.route(MetricsEndpoint.PATH).useNormalizedPath(false)
          .handler(context -> MetricsEndpoint.answer(vertx, context.request()));
    }
 *
 * <p>Threading: on the verticle's context.
 */
final class HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
  private static final String STATUS = "/status";

  private final GatewayServer server;
  private final HttpAdmission admission;
  private final WebRoot webRoot;
  private final Router router;
  private final Router statusRouter;

  /**
   * @param vertx     the Vert.x instance
   * @param server    the verticle's server
   * @param admission its admission of connections
   */
  HttpRoutes(Vertx vertx, GatewayServer server, HttpAdmission admission) {
    this.server = server;
    this.admission = admission;
    String root = server.options().getWebRoot();
    this.webRoot = root == null ? null : new WebRoot(vertx, root);
    // the paths are matched as sent: "/status" is the status, "/x/../status" is not
    router = Router.router(vertx);
    router.route(STATUS).useNormalizedPath(false).handler(this::status);
    MetricsOptions metrics = server.options().getMetrics();
    if (metrics.isEnabled() && metrics.isPublicPort()) {
      router.route(MetricsEndpoint.PATH).useNormalizedPath(false)
          .handler(context -> MetricsEndpoint.answer(vertx, context.request()));
    }
    ClientLibrary.route(router); // GET /switchboard-client.js, before the web root's files
    if (webRoot != null) {
      webRoot.route(router);
    }
    router.uncaughtErrorHandler(HttpRoutes::error);
    statusRouter = Router.router(vertx);
    statusRouter.route(STATUS).useNormalizedPath(false).handler(this::status);
    statusRouter.route(STATUS + "/connections").useNormalizedPath(false)
        .handler(this::connections);
    if (metrics.isEnabled()) {
      statusRouter.route(MetricsEndpoint.PATH).useNormalizedPath(false)
          .handler(context -> MetricsEndpoint.answer(vertx, context.request()));
    }
    statusRouter.uncaughtErrorHandler(HttpRoutes::error);
  }

  /** A request to the HTTP port. */
  void request(HttpServerRequest request) {
    String path = request.path();
    if (admission.shedding(request)) {
      Shedding.answer(request, server.options().getPath().equals(path) && isUpgrade(request));
      return;
    }
    if (!admission.answering(request, server)) {
      return;
    }
    if (server.options().getPath().equals(path) && (webRoot == null || isUpgrade(request))) {
      upgrade(request);
    } else if (webRoot != null && !WebRoot.cleanTarget(path)) {
      // before the router, which answers 404 to a target not starting with "/"
      LOG.info("Gateway refused a static file request from {}: not a path inside the web root",
          server.clientAddresses().clientAddress(request));
      HttpAnswers.plain(request.response(), 400, "bad path");
    } else {
      router.handle(request);
    }
  }

  /** A request to the status listener. */
  void statusRequest(HttpServerRequest request) {
    statusRouter.handle(request);
  }

  private void status(RoutingContext context) {
    reply(context, "true".equals(context.request().getParam("cluster"))
        ? server.node().clusterStatus() : server.node().status());
  }

  /**
   * The node's connection rows; with {@code cluster=true} those of every gateway node, at most
   * {@code limit} per node ({@link StatusViews}).
   */
  private void connections(RoutingContext context) {
    if (!"true".equals(context.request().getParam("cluster"))) {
      reply(context, server.node().connections());
      return;
    }
    int limit;
    try {
      limit = StatusViews.limit(context.request().getParam(StatusViews.LIMIT));
    } catch (IllegalArgumentException e) {
      HttpAnswers.plain(context.response(), 400, e.getMessage()); // a fixed text
      return;
    }
    reply(context, server.node().clusterConnections(limit));
  }

  private static void reply(RoutingContext context, Future<?> json) {
    HttpServerResponse response = context.response();
    json.onComplete(ar -> {
      if (ar.succeeded()) {
        Object body = ar.result();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(body instanceof JsonObject o ? o.encodePrettily()
                : ((JsonArray) body).encodePrettily());
      } else {
        LOG.warn("Gateway status request failed: {}", ar.cause().toString());
        HttpAnswers.plain(response, 503, "status unavailable");
      }
    });
  }

  /**
   * The routers' answer to every failure and to a request no route took: the status's reason
   * phrase as a fixed text. A file that could not be read (gone since its check) is not found.
   */
  private static void error(RoutingContext context) {
    HttpServerResponse response = context.response();
    if (response.headWritten()) {
      return; // a file was being sent: vertx-web resets the connection
    }
    Throwable failure = context.failure();
    int status = context.statusCode() > 0 ? context.statusCode()
        : failure instanceof HttpException http ? http.getStatusCode() : 500;
    if (status == 500 && (failure instanceof FileSystemException
        || failure instanceof IOException)) {
      status = 404;
    } else if (status == 500) {
      LOG.warn("Gateway HTTP request failed: {}", String.valueOf(failure));
    }
    response.headers().remove(HttpHeaders.CONTENT_LENGTH); // a file's, set before it failed
    HttpAnswers.plain(response, status,
        HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT));
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
          server.clientAddresses().clientAddress(request), refused);
      return;
    }
    if (!Origins.accepted(request.getHeader(HttpHeaders.ORIGIN),
        request.getHeader(HttpHeaders.HOST), server.options().getAllowedOrigins())) {
      server.stats().increment(Counter.ORIGIN_REFUSED);
      server.clientLog().info("Gateway refused a WebSocket from {}: origin {} is not allowed"
          + " (allowedOrigins)", server.clientAddresses().clientAddress(request),
          request.getHeader(HttpHeaders.ORIGIN));
      HttpAnswers.plain(request.response(), 403, "origin not allowed");
      return;
    }
    SocketAddress client = server.clientAddresses().clientAddress(request);
    boolean tokens = server.checksTokens();
    Handshake handshake = Handshakes.of(request, String.valueOf(client), tokens);
    server.stats().increment(Counter.CONNECTING);
    server.decide(handshake, tokens ? ConnectTokens.of(request) : null).onComplete(ar -> {
      server.stats().add(Counter.CONNECTING, -1);
      ConnectDecision decision = ar.result().decision();
      if (!WebSocketHandshake.open(request)) {
        return; // the client left while the hook decided: its connection's close handler ran
      }
      if (!decision.accepted()) {
        HttpAnswers.plain(request.response(), decision.status(), decision.reason());
        request.connection().close(); // once the answer is out: nothing more for this client
        return;
      }
      if (!admission.upgraded(request, client)) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        HttpAnswers.plain(request.response(), 503, "too many connections");
        request.connection().close(); // once answered: it holds no place under the limits
        return;
      }
      String subprotocol = decision.subprotocol() != null ? decision.subprotocol()
          : ConnectTokens.defaultSubprotocol(request, handshake.subprotocols());
      Handshake decidedOn = ar.result().handshake();
      WebSocketConnection.accept(server, server.context(), request, client, subprotocol,
          connection -> {
            connection.admitted(decidedOn, decision);
            server.accept(connection);
          });
    });
  }
}
