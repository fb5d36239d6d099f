package dev.switchboard.core.internal;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to {@code GET /metrics}: the node's meters ({@link NodeMetrics#scrapeFresh}) in
 * Prometheus's text format, version 0.0.4. {@code HEAD} is answered as {@code GET} without the
 * body; another method on {@code /metrics} gets 405 (with {@code Allow}), another path 404. Every
 * error is a fixed {@code text/plain} answer that echoes nothing of the request. The request's
 * body, if any, is not read.
 *
 * <p>Threading: any context; the render runs on a worker.
 */
public final class MetricsEndpoint {

  /** The path: {@value}. */
  public static final String PATH = "/metrics";

  /** The content type of Prometheus's text exposition format: {@value}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private MetricsEndpoint() {
  }

  /**
   * Answers a request for {@code /metrics} (the path is not checked: see {@link #handle}).
   *
   * @param vertx   the node
   * @param request the request
   */
  public static void answer(Vertx vertx, HttpServerRequest request) {
    HttpServerResponse response = request.response();
    HttpMethod method = request.method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      plain(response, 405, "method not allowed");
      return;
    }
    NodeMetrics.scrapeFresh(vertx).onComplete(ar -> {
      if (response.closed() || response.ended()) {
        return; // the scraper left
      }
      if (ar.failed()) {
        LOG.warn("Metrics scrape failed: {}", ar.cause().toString());
        plain(response, 503, "metrics unavailable");
        return;
      }
      response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
      if (method == HttpMethod.HEAD) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH,
            Integer.toString(ar.result().getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
            .end();
      } else {
        response.end(ar.result());
      }
    });
  }

  /**
   * Answers a request to a listener that serves only {@code /metrics}.
   *
   * @param vertx   the node
   * @param request the request
   */
  public static void handle(Vertx vertx, HttpServerRequest request) {
    if (!PATH.equals(request.path())) {
      plain(request.response(), 404, "not found");
    } else {
      answer(vertx, request);
    }
  }

  private static void plain(HttpServerResponse response, int status, String text) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(text + "\n");
  }
}
