package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * One Vert.x instance with a GatewayVerticle on free ports (WebSocket, frame and text), a
 * {@link Recorder} as its handler, and clients to reach it.
 */
final class GatewayHarness implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final Vertx clientVertx = Vertx.vertx();
  final Recorder recorder = new Recorder();
  final GatewayOptions options;
  final GatewayVerticle verticle;
  private final WebSocketClient webSockets;
  private final HttpClient http;

  GatewayHarness() {
    this(o -> { });
  }

  GatewayHarness(Consumer<GatewayOptions> configure) {
    // the status listener of its own: the harness's status requests are not the HTTP port's
    // clients (limits, timeouts), and /status/connections is served there only
    options = new GatewayOptions().setPort(0).setFramePort(0).setTextPort(0).setStatusPort(0);
    configure.accept(options);
    verticle = new GatewayVerticle(options, recorder);
    Await.result(vertx.deployVerticle(verticle));
    webSockets = clientVertx.createWebSocketClient();
    // no kept-alive connection that the gateway's handshakeTimeout could close under a request
    http = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  int port() {
    return verticle.actualPort();
  }

  int statusPort() {
    return verticle.actualStatusPort();
  }

  int framePort() {
    return verticle.actualFramePort();
  }

  int textPort() {
    return verticle.actualTextPort();
  }

  WebSocket webSocket() {
    return Await.result(webSockets.connect(port(), "127.0.0.1", "/"));
  }

  WebSocket webSocket(WebSocketConnectOptions connectOptions) {
    return Await.result(webSockets.connect(connectOptions.setPort(port()).setHost("127.0.0.1")));
  }

  JsonObject status() {
    String body = get("/status");
    try {
      return new JsonObject(body);
    } catch (io.vertx.core.json.DecodeException e) {
      throw new IllegalStateException("GET /status is not JSON: '" + body + "'", e);
    }
  }

  JsonArray connections() {
    return new JsonArray(get("/status/connections"));
  }

  String get(String path) {
    // body() is asked for in the callback that gets the response: asked later, from this
    // thread, the body could already have gone by
    int to = path.startsWith("/status") && statusPort() != GatewayOptions.OFF ? statusPort() : port();
    return Await.result(http.request(HttpMethod.GET, to, "127.0.0.1", path)
        .compose(request -> request.send().compose(response -> response.body().map(body -> {
          if ((response.statusCode() != 200 || body.length() == 0) && path.startsWith("/status")) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " "
                + response.headers() + " " + body);
          }
          return body;
        })))).toString();
  }

  /**
   * @return the node's counter
   */
  long counter(String key) {
    return status().getJsonObject("node").getLong(key);
  }

  @Override
  public void close() {
    Await.result(clientVertx.close());
    Await.result(vertx.close());
  }
}
