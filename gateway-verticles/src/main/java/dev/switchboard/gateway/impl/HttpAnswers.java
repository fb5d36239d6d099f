package dev.switchboard.gateway.impl;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The gateway's own HTTP answers (errors, refusals): fixed texts as {@code text/plain}, never
 * any of the request's bytes, so that an answer cannot carry a script or forged text from the
 * request back to a browser.
 *
 * <p>Threading: stateless; on the response's context.
 */
final class HttpAnswers {

  private HttpAnswers() {
  }

  /**
   * Ends a response with a fixed text.
   *
   * @param response the response
   * @param status   the HTTP status
   * @param text     the text (a constant of the gateway's, one line, without its newline)
   */
  static void plain(HttpServerResponse response, int status, String text) {
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(text + "\n");
  }
}
