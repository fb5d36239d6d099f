package dev.switchboard.gateway.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The browser client library, {@code switchboard-client.js} and its types {@code
 * switchboard-client.d.ts}, served on every gateway's HTTP port at {@value #SCRIPT_PATH} and
 * {@value #TYPES_PATH}, with or without a web root (whose files of those names it hides). Public
 * static code, so anyone who reaches the port may fetch it, from any origin ({@code
 * Access-Control-Allow-Origin: *}: a page elsewhere may import it as a module script). Bounded:
 * the bytes are read from the class path once, when the class loads; {@code GET} and {@code
 * HEAD} only (405 otherwise); an ETag, revalidated on each use ({@code Cache-Control: no-cache}),
 * so a page gets the library of the gateway it talks to after an upgrade, and 304 otherwise.
 *
 * <p>Threading: immutable; its handler runs on the HTTP server's context.
 */
final class ClientLibrary {

  /** Where the library is served. */
  static final String SCRIPT_PATH = "/switchboard-client.js";
  /** Where its TypeScript declarations are served. */
  static final String TYPES_PATH = "/switchboard-client.d.ts";

  private static final String RESOURCES = "dev/switchboard/gateway/client";
  private static final File SCRIPT = File.load("switchboard-client.js",
      "text/javascript; charset=UTF-8");
  private static final File TYPES = File.load("switchboard-client.d.ts",
      "text/plain; charset=UTF-8");

  private ClientLibrary() {
  }

  /**
   * Adds the two routes to a router; they must come before a web root's.
   *
   * @param router the HTTP port's router
   */
  static void route(Router router) {
    router.route(SCRIPT_PATH).useNormalizedPath(false).handler(SCRIPT::serve);
    router.route(TYPES_PATH).useNormalizedPath(false).handler(TYPES::serve);
  }

  /** One file: its bytes, type and entity tag. */
  private record File(Buffer bytes, String type, String etag) {

    static File load(String name, String type) {
      try (InputStream in = ClientLibrary.class.getClassLoader()
          .getResourceAsStream(RESOURCES + "/" + name)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCES + "/" + name + " is not on the class path");
        }
        byte[] bytes = in.readAllBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return new File(Buffer.buffer(bytes), type,
            "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is in every JDK", e);
      }
    }

    void serve(RoutingContext context) {
      HttpMethod method = context.request().method();
      HttpServerResponse response = context.response();
      if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
        response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        context.fail(405);
        return;
      }
      response.putHeader(HttpHeaders.ETAG, etag)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
          .putHeader("X-Content-Type-Options", "nosniff");
      if (etag.equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
        response.setStatusCode(304).end();
        return;
      }
      response.putHeader(HttpHeaders.CONTENT_TYPE, type);
      if (method == HttpMethod.HEAD) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(bytes.length())).end();
      } else {
        response.end(bytes);
      }
    }
  }
}
