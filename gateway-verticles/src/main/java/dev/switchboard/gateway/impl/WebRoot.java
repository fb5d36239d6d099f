package dev.switchboard.gateway.impl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The files of a gateway's {@code webRoot} (a directory in the working directory or on the class
 * path), served to plain HTTP {@code GET} and {@code HEAD} requests by vertx-web's {@link
 * StaticHandler}: {@code index.html} for a path ending in {@code /}, the content type from the file
 * name, ranges. A guard in front of it keeps the gateway's rules, which the handler does not: it
 * follows symbolic links anywhere, and answers a directory without its {@code /} with a redirect.
 * So a request reaches the handler only when its file is a regular file whose real path (every
 * link followed) is inside the directory's real path, or, for a web root inside a jar (which holds
 * no links), a file entry of it; otherwise it fails with 404 (405 for another method). The request
 * target itself is checked before any routing ({@link #cleanTarget}).
 *
 * <p>The guard checks the file, then the handler opens it by name: whoever may replace a file of
 * the web root by a link between the two could already change what it serves.
 *
 * <p>Threading: stateless after construction; the guard runs on the HTTP server's context and
 * looks the file up on a worker thread.
 */
final class WebRoot {

  private static final Logger LOG = LoggerFactory.getLogger(WebRoot.class);
  private static final String INDEX = "index.html";
  private static final String CHARSET = "UTF-8";

  private final Vertx vertx;
  /**
   * Where the files are on disk: absolute, or (a web root in a jar) relative to the working
   * directory, where Vert.x looks before the class path.
   */
  private final Path directory;
  /** The web root's name on the class path when it is inside a jar, otherwise null. */
  private final String jarRoot;
  private final StaticHandler files;

  /**
   * Finds the web root (a few file-system calls, once).
   *
   * @param vertx the Vert.x instance
   * @param root  the {@code webRoot} option
   * @throws InvalidPathException when {@code root} is not a path
   */
  WebRoot(Vertx vertx, String root) {
    this.vertx = vertx;
    Path asGiven = Path.of(root);
    URL onClassPath = Files.isDirectory(asGiven) ? null : classLoader().getResource(root);
    if (onClassPath != null && !"file".equals(onClassPath.getProtocol())) {
      directory = asGiven;
      jarRoot = root;
    } else {
      directory = onClassPath != null ? fromUrl(onClassPath) : asGiven.toAbsolutePath();
      jarRoot = null;
      if (onClassPath == null && !Files.isDirectory(directory)) {
        LOG.warn("Gateway web root {} is not a directory (yet): static requests answer 404",
            directory);
      }
    }
    // no caching: no Cache-Control (a day by default, "immutable"), no cached lookups (a file
    // added or changed is served at once, as before vertx-web)
    files = StaticHandler.create(jarRoot == null ? FileSystemAccess.ROOT
            : FileSystemAccess.RELATIVE, directory.toString())
        .setCachingEnabled(false)
        .setAlwaysAsyncFS(true) // no file-system call on the event loop
        .setDirectoryListing(false)
        .setDefaultContentEncoding(CHARSET);
    LOG.debug("Gateway static files from {}{}", directory, jarRoot == null ? "" : " (class path)");
  }

  /**
   * Adds the guard and the file handler to a router, in that order.
   *
   * @param router the HTTP port's router
   */
  void route(Router router) {
    router.route().handler(this::guard);
    router.route().handler(files);
  }

  /**
   * @param path a request's path, as sent
   * @return whether it is an absolute path (starting with {@code /}) without {@code ..}, {@code
   *     \}, {@code %}, {@code //} or NUL: what the web root answers at all (otherwise 400)
   */
  static boolean cleanTarget(String path) {
    return path != null && path.startsWith("/") && !path.contains("..") && !path.contains("\\")
        && !path.contains("%") && !path.contains("//") && path.indexOf('\0') < 0;
  }

  private void guard(RoutingContext context) {
    HttpMethod method = context.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      context.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      context.fail(405);
      return;
    }
    Path relative = relative(context.request().path());
    if (relative == null) {
      context.fail(400);
      return;
    }
    vertx.executeBlocking(() -> servable(relative), false).onComplete(found -> {
      if (found.succeeded() && found.result()) {
        if (method == HttpMethod.HEAD) {
          headContentType(context, relative);
        }
        context.next();
      } else {
        context.fail(404);
      }
    });
  }

  /**
   * Names the content type of a {@code HEAD}'s file, as the {@code GET} has it: the handler names
   * it only when it sends the file.
   */
  private static void headContentType(RoutingContext context, Path relative) {
    String type = MimeMapping.mimeTypeForFilename(relative.getFileName().toString());
    if (type != null) {
      context.response().putHeader(HttpHeaders.CONTENT_TYPE,
          type.startsWith("text") ? type + ";charset=" + CHARSET : type);
    }
  }

  /**
   * @param path a request's path that passed {@link #cleanTarget}
   * @return the file it names relative to the root, or null when that is not inside the root
   */
  private static Path relative(String path) {
    String name = path.substring(1) + (path.endsWith("/") ? INDEX : "");
    try {
      Path relative = Path.of(name).normalize();
      return relative.isAbsolute() || relative.startsWith("..") ? null : relative;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * @return whether the handler may serve this file: a regular file inside the root's real path,
   *     or a file entry of the class path web root; blocking
   */
  private boolean servable(Path relative) throws IOException {
    Path file = directory.resolve(relative);
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        return false;
      }
      if (!file.toRealPath().startsWith(directory.toRealPath())) {
        LOG.info("Gateway refused a static file: a link leads out of the web root");
        return false;
      }
      return true;
    }
    if (jarRoot == null) {
      return false;
    }
    URL url = classLoader().getResource(jarRoot + "/" + relative.toString().replace('\\', '/'));
    if (url == null) {
      return false;
    }
    URLConnection connection = url.openConnection();
    return !(connection instanceof JarURLConnection jar) || !jar.getJarEntry().isDirectory();
  }

  private static Path fromUrl(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("webRoot: class path entry " + url + " is not a path", e);
    }
  }

  /** The class loader Vert.x resolves class path files with. */
  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : WebRoot.class.getClassLoader();
  }
}
