package dev.switchboard.gateway.impl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Serves the files of a directory (in the working directory or on the class path) to plain HTTP
 * {@code GET} and {@code HEAD} requests: {@code index.html} for a path ending in {@code /}, the
 * content type from the file name, 404 for what is not there, 400 for a request target that is
 * not an absolute path inside the directory. A file is served only when its real path (every
 * symbolic link followed) is inside the directory's real path: a link out of it is not there.
 *
 * <p>Threading: stateless after construction; called on the HTTP server's context (the file is
 * looked up on a worker thread).
 */
final class StaticFiles {

  private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);

  private final Vertx vertx;
  private final String root;

  StaticFiles(Vertx vertx, String root) {
    this.vertx = vertx;
    this.root = root;
  }

  void serve(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.putHeader("Allow", "GET, HEAD");
      HttpAnswers.plain(response, 405, "method not allowed");
      return;
    }
    Path relative = relative(request.path());
    if (relative == null) {
      LOG.info("Gateway refused a static file request from {}: not a path inside the web root",
          request.remoteAddress());
      HttpAnswers.plain(response, 400, "bad path");
      return;
    }
    vertx.executeBlocking(() -> locate(relative), false).onComplete(located -> {
      if (located.failed() || located.result() == null) {
        HttpAnswers.plain(response, 404, "not found");
        return;
      }
      response.sendFile(located.result()).onFailure(e -> {
        if (!response.headWritten()) {
          HttpAnswers.plain(response, 404, "not found");
        }
      });
    });
  }

  /**
   * @param path the request's path
   * @return the file it names relative to the root, or null when it is not an absolute path
   *     (starting with {@code /}) that stays inside the root
   */
  private static Path relative(String path) {
    if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("\\")
        || path.contains("%") || path.contains("//") || path.indexOf('\0') >= 0) {
      return null;
    }
    String name = path.substring(1) + (path.endsWith("/") ? "index.html" : "");
    try {
      Path relative = Path.of(name).normalize();
      return relative.isAbsolute() || relative.startsWith("..") ? null : relative;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * @return the file to send (its real path, or a class path resource inside a jar), or null
   *     when there is none inside the root; blocking
   */
  private String locate(Path relative) throws IOException, URISyntaxException {
    Path directory = Path.of(root);
    if (Files.isDirectory(directory)) {
      return inside(directory.toRealPath(), directory.resolve(relative));
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : StaticFiles.class.getClassLoader();
    String resource = root + "/" + relative.toString().replace('\\', '/');
    URL rootUrl = loader.getResource(root);
    URL url = loader.getResource(resource);
    if (rootUrl == null || url == null) {
      return null;
    }
    if ("file".equals(url.getProtocol()) && "file".equals(rootUrl.getProtocol())) {
      return inside(Path.of(rootUrl.toURI()).toRealPath(), Path.of(url.toURI()));
    }
    return resource; // in a jar, which holds no links: Vert.x resolves it on the class path
  }

  /**
   * @return the real path of {@code file} when it is a regular file inside {@code realRoot},
   *     otherwise null
   */
  private static String inside(Path realRoot, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Path real = file.toRealPath();
    if (!real.startsWith(realRoot)) {
      LOG.info("Gateway refused a static file: a link leads out of the web root");
      return null;
    }
    return real.toString();
  }
}
