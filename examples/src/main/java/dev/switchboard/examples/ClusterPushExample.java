package dev.switchboard.examples;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workerman's "cluster push" example, without its id collisions: an HTTP endpoint on any node
 * pushes to one client id, one uid, or everyone, whatever gateway node holds the clients (client
 * ids name their node, so a push goes to exactly one node). Optionally a gateway of its own whose
 * clients learn their id on connecting ({@code {"type":"welcome","client":id}}) and bind a uid
 * with {@code {"cmd":"bind","uid":"ann"}}.
 *
 * <pre>bin/vertx run dev.switchboard.examples.ClusterPushExample -cluster
 * curl 'http://127.0.0.1:8383/push?uid=ann&amp;content=hello'
 * curl 'http://127.0.0.1:8383/push?client=&lt;id&gt;&amp;content=hello'
 * curl 'http://127.0.0.1:8383/push?content=hello+everyone'</pre>
 *
 * <p>Pushes reach the clients as {@code {"type":"push","text":content}}. Config: {@code httpPort}
 * (default 8383), {@code wsPort} (the own gateway's port, default 8282; -1 for none, e.g. on a
 * node whose gateway already runs), {@code host} (default 127.0.0.1).
 */
public class ClusterPushExample extends VerticleBase {

  /** Default port of the push endpoint: {@value}. */
  public static final int DEFAULT_HTTP_PORT = 8383;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPushExample.class);

  private Gateway gateway;
  private HttpServer http;
  private GatewayVerticle clients;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    String host = config.getString("host", GatewayOptions.DEFAULT_HOST);
    int wsPort = config.getInteger("wsPort", GatewayOptions.DEFAULT_PORT);
    return Gateway.create(vertx).compose(created -> {
      gateway = created;
      if (wsPort < 0) {
        return Future.succeededFuture();
      }
      clients = new GatewayVerticle(new GatewayOptions().setHost(host).setPort(wsPort),
          new PushClients(gateway));
      return vertx.deployVerticle(clients);
    }).compose(v -> {
      http = vertx.createHttpServer().requestHandler(this::request);
      return http.listen(config.getInteger("httpPort", DEFAULT_HTTP_PORT), host);
    }).onSuccess(server -> LOG.info("Cluster push: http://{}:{}/push?content=...[&client=id|&uid=u]{}",
        host, server.actualPort(), clients == null ? "" : ", clients on ws://" + host + ":"
            + clients.actualPort() + "/"));
  }

  @Override
  public Future<?> stop() {
    return gateway == null ? Future.succeededFuture() : gateway.close();
  }

  /**
   * @return the push endpoint's port, once started
   */
  public int httpPort() {
    return http.actualPort();
  }

  /**
   * @return the own gateway's port, once started (when it has one)
   */
  public int wsPort() {
    return clients.actualPort();
  }

  private void request(HttpServerRequest request) {
    if (!"/push".equals(request.path())) {
      answer(request, 404, new JsonObject().put("error", "not found: " + request.path()));
      return;
    }
    String content = request.getParam("content");
    String client = request.getParam("client");
    String uid = request.getParam("uid");
    if (content == null || content.isEmpty()) {
      answer(request, 400, new JsonObject().put("error", "content missing"));
      return;
    }
    if (client != null && uid != null) {
      answer(request, 400, new JsonObject().put("error", "client or uid, not both"));
      return;
    }
    String push = new JsonObject().put("type", "push").put("text", content).encode();
    Future<Object> sent;
    if (client != null) {
      sent = gateway.sendToClient(client, push).map(result -> result.name());
    } else if (uid != null) {
      sent = gateway.sendToUid(uid, push).map(result -> result.total().accepted());
    } else {
      sent = gateway.sendToAll(push).map(result -> result.total().accepted());
    }
    sent.onComplete(ar -> {
      if (ar.succeeded()) {
        answer(request, 200, new JsonObject().put(client != null ? "result" : "accepted",
            ar.result()));
      } else {
        answer(request, ar.cause() instanceof IllegalArgumentException ? 400 : 500,
            new JsonObject().put("error", ar.cause().getMessage()));
      }
    });
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.encode() + "\n");
  }

  /** The own gateway's clients: told their id, and they may bind a uid. */
  static final class PushClients implements GatewayHandler {

    private final Gateway gateway;

    PushClients(Gateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public void onConnect(Connection connection) {
      connection.send(new JsonObject().put("type", "welcome").put("client", connection.id())
          .encode());
    }

    @Override
    public void onMessage(Connection connection, Buffer message) {
      JsonObject command;
      try {
        command = message.toJsonObject();
      } catch (RuntimeException e) {
        connection.send(error("not a JSON object"));
        return;
      }
      if (!"bind".equals(command.getValue("cmd")) || !(command.getValue("uid") instanceof String uid)) {
        connection.send(error("expected {\"cmd\":\"bind\",\"uid\":\"...\"}"));
        return;
      }
      gateway.bindUid(connection.id(), uid).onComplete(ar -> connection.sendAsync(
          ar.succeeded() ? new JsonObject().put("type", "bound").put("uid", uid).encode()
              : error(ar.cause().getMessage())));
    }

    private static String error(String reason) {
      return new JsonObject().put("type", "error").put("reason", reason).encode();
    }
  }
}
