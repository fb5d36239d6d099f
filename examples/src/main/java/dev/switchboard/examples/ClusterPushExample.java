package dev.switchboard.examples;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Workerman's "cluster push" example, without its id collisions: an HTTP endpoint on any node
 * pushes to one client id, one uid, or everyone, whatever gateway node holds the clients (client
 * ids name their node, so a push goes to exactly one node). Optionally a gateway of its own whose
 * clients learn their id on connecting ({@code {"type":"welcome","client":id}}) and bind a uid
 * with {@code {"cmd":"bind","uid":"ann"[,"secret":s]}}: names are claimed first come, first
 * served ({@link NameClaims}), the first claimer gets the secret in its
 * {@code {"type":"bound","uid":"ann","secret":s}}.
 *
 * <p>A push is a {@code POST /push} with the token ({@code Authorization: Bearer <pushToken>}),
 * its parameters in the form body (or the query): any web page could make a browser send a GET
 * or a form POST, but not one with that header. GET and other methods get 405, a missing or
 * wrong token 401.
 *
 * <pre>bin/vertx run dev.switchboard.examples.ClusterPushExample -cluster -conf '{"pushToken":"..."}'
 * curl -X POST -H 'Authorization: Bearer ...' -d uid=ann -d content=hello http://127.0.0.1:8383/push
 * curl -X POST -H 'Authorization: Bearer ...' -d client=&lt;id&gt; -d content=hello http://127.0.0.1:8383/push
 * curl -X POST -H 'Authorization: Bearer ...' -d 'content=hello everyone' http://127.0.0.1:8383/push</pre>
 *
 * <p>Pushes reach the clients as {@code {"type":"push","text":content}}. Config:
 * {@code pushToken} (required, at least {@value #MIN_TOKEN_LENGTH} characters, e.g.
 * {@code openssl rand -hex 24}), {@code httpPort} (default 8383), {@code wsPort} (the own
 * gateway's port, default 8282; -1 for none, e.g. on a node whose gateway already runs),
 * {@code host} (default 127.0.0.1).
 */
public class ClusterPushExample extends VerticleBase {

  /** Default port of the push endpoint: {@value}. */
  public static final int DEFAULT_HTTP_PORT = 8383;

  /** Shortest push token accepted: {@value} characters. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private static final String BEARER = "Bearer ";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPushExample.class);

  /** The config keys, with their types: another one refuses the start. */
  private static final ConfigKeys KEYS = ConfigKeys.of("cluster push example")
      .strings("host", "pushToken").ints("wsPort", "httpPort");

  private Gateway gateway;
  private HttpServer http;
  private GatewayVerticle clients;
  private String tokenDigest;

  @Override
  public Future<?> start() {
    return KEYS.checked(config()).compose(this::start);
  }

  private Future<?> start(JsonObject config) {
    String host = config.getString("host", GatewayOptions.DEFAULT_HOST);
    int wsPort = config.getInteger("wsPort", GatewayOptions.DEFAULT_PORT);
    String token = config.getString("pushToken");
    if (token == null || token.length() < MIN_TOKEN_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException("pushToken must be set, at least "
          + MIN_TOKEN_LENGTH + " characters (e.g. -conf '{\"pushToken\":\"'$(openssl rand -hex "
          + "24)'\"}'): pushes need it"));
    }
    tokenDigest = NameClaims.digest(token);
    return Gateway.create(vertx).compose(created -> {
      gateway = created;
      if (wsPort < 0) {
        return Future.succeededFuture();
      }
      clients = new GatewayVerticle(new GatewayOptions().setHost(host).setPort(wsPort),
          new PushClients(gateway, new NameClaims(vertx)));
      return vertx.deployVerticle(clients);
    }).compose(v -> {
      http = vertx.createHttpServer().requestHandler(this::request);
      return http.listen(config.getInteger("httpPort", DEFAULT_HTTP_PORT), host);
    }).onSuccess(server -> LOG.info("Cluster push: POST http://{}:{}/push content=...[&client=id|&uid=u]{}",
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
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader("Allow", "POST");
      answer(request, 405, new JsonObject().put("error", "POST only"));
      return;
    }
    if (!authorized(request.getHeader("Authorization"))) {
      request.response().putHeader("WWW-Authenticate", "Bearer");
      answer(request, 401, new JsonObject().put("error", "Authorization: Bearer <pushToken> "
          + "needed"));
      return;
    }
    request.setExpectMultipart(true);
    request.end().onComplete(ar -> {
      if (ar.succeeded()) {
        push(request);
      } else {
        answer(request, 400, new JsonObject().put("error", "unreadable body"));
      }
    });
  }

  /** Compares digests, so the time taken says nothing about the token or its length. */
  private boolean authorized(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0,
        BEARER.length())) {
      return false;
    }
    String presented = NameClaims.digest(authorization.substring(BEARER.length()));
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
        tokenDigest.getBytes(StandardCharsets.US_ASCII));
  }

  private static String param(HttpServerRequest request, String name) {
    String value = request.formAttributes().get(name);
    return value != null ? value : request.getParam(name);
  }

  private void push(HttpServerRequest request) {
    String content = param(request, "content");
    String client = param(request, "client");
    String uid = param(request, "uid");
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

  /** The own gateway's clients: told their id, and they may bind a uid they claim. */
  static final class PushClients implements GatewayHandler {

    private final Gateway gateway;
    private final NameClaims claims;

    PushClients(Gateway gateway, NameClaims claims) {
      this.gateway = gateway;
      this.claims = claims;
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
      if (!"bind".equals(command.getValue("cmd")) || !(command.getValue("uid") instanceof String uid)
          || uid.isBlank() || uid.length() > ChatBusiness.MAX_NAME) {
        connection.send(error("expected {\"cmd\":\"bind\",\"uid\":\"...\"}, a uid of 1 to "
            + ChatBusiness.MAX_NAME + " characters"));
        return;
      }
      String secret = command.getValue("secret") instanceof String s ? s : null;
      claims.claim(uid, secret).compose(fresh -> gateway.bindUid(connection.id(), uid)
          .map(v -> {
            JsonObject bound = new JsonObject().put("type", "bound").put("uid", uid);
            return fresh == null ? bound : bound.put("secret", fresh);
          }))
          .onComplete(ar -> connection.sendAsync(ar.succeeded() ? ar.result().encode()
              : error(ar.cause().getMessage())));
    }

    private static String error(String reason) {
      return new JsonObject().put("type", "error").put("reason", reason).encode();
    }
  }
}
