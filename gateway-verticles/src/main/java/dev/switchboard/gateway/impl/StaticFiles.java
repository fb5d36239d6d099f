package dev.switchboard.gateway.impl;

import dev.switchboard.channel.impl.LogSafe;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the files of a directory (in the working directory or on the class path) to plain HTTP
 * {@code GET} and {@code HEAD} requests: {@code index.html} for a path ending in {@code /}, the
 * content type from the file name, 404 for what is not there, 400 for a path that tries to leave
 * the directory.
 *
 * <p>Threading: stateless after construction; called on the HTTP server's context.
 */
final class StaticFiles {

  private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);

  private final String root;

  StaticFiles(String root) {
    this.root = root;
  }

  void serve(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.setStatusCode(405).putHeader("Allow", "GET, HEAD").end("method not allowed\n");
      return;
    }
    String path = request.path();
    if (path.contains("..") || path.contains("\\") || path.contains("%") || path.contains("//")) {
      LOG.info("Gateway refused a static file request from {}: bad path {}",
          request.remoteAddress(), LogSafe.escape(path));
      response.setStatusCode(400).end("bad path\n");
      return;
    }
    String file = root + (path.endsWith("/") ? path + "index.html" : path);
    response.sendFile(file).onFailure(e -> {
      if (!response.headWritten()) {
        response.setStatusCode(404).end("not found: " + path + "\n");
      }
    });
  }
}
