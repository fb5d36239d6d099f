package dev.switchboard.examples;

import dev.switchboard.gateway.BusinessHandler;
import dev.switchboard.gateway.ClientInfo;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The business logic of the chat example (Workerman's "group send" example, across nodes): runs
 * in business verticles anywhere in the cluster, for the clients of every gateway forwarding to
 * business {@value #BUSINESS}. Rooms are groups; a client's room and name are its session; its
 * name is also its uid, so the push example can reach it by name. Names are claimed first come,
 * first served ({@link NameClaims}): the first join under a name gets a secret
 * ({@code claimed}), and a later join under that name (the owner reconnecting) must present it.
 *
 * <pre>client -&gt; server {"cmd":"join","room":"lobby","name":"alice"[,"secret":s]}  {"cmd":"say","text":"hi"}
 * server -&gt; client {"type":"welcome","client":id,"node":label}
 *                  {"type":"claimed","name","secret"}  (to the claimer only)
 *                  {"type":"joined","room","name","client"}  {"type":"say","room","from","client","text"}
 *                  {"type":"error","reason":"..."}</pre>
 */
public class ChatBusiness implements BusinessHandler {

  /** The business name the chat gateways forward to. */
  public static final String BUSINESS = "chat";

  /** Cluster-wide map from a gateway node's id to its label (e.g. node1), for the welcome. */
  public static final String NODE_LABELS = "examples.chat.nodes";

  static final int MAX_NAME = 32;
  static final int MAX_TEXT = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(ChatBusiness.class);

  private Gateway gateway;
  private Vertx vertx;
  private NameClaims claims;

  @Override
  public void onStart(Gateway gateway) {
    this.gateway = gateway;
    this.vertx = Vertx.currentContext().owner();
    this.claims = new NameClaims(vertx);
  }

  @Override
  public Future<Void> onConnect(ClientInfo client) {
    String node = client.id().substring(0, client.id().indexOf('-'));
    return labels().compose(map -> map.get(node)).otherwise(e -> null)
        .compose(label -> send(client.id(), new JsonObject().put("type", "welcome")
            .put("client", client.id()).put("node", label == null ? node : label)));
  }

  @Override
  public Future<Void> onMessage(String clientId, Buffer message) {
    JsonObject command;
    try {
      command = message.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return error(clientId, "not a JSON object");
    }
    String cmd = command.getValue("cmd") instanceof String s ? s : "";
    return switch (cmd) {
      case "join" -> join(clientId, command);
      case "say" -> say(clientId, command);
      default -> error(clientId, "unknown cmd '" + cmd + "' (join or say)");
    };
  }

  private Future<Void> join(String clientId, JsonObject command) {
    String room = text(command, "room", MAX_NAME);
    String name = text(command, "name", MAX_NAME);
    if (room == null || name == null) {
      return error(clientId, "join needs a room and a name of 1 to " + MAX_NAME + " characters");
    }
    String secret = command.getValue("secret") instanceof String s ? s : null;
    return gateway.getSession(clientId).compose(session -> {
      // a connection that holds the name already keeps it; any other must claim it
      boolean holds = session != null && name.equals(session.getString("name"));
      Future<String> claimed = holds ? Future.succeededFuture() : claims.claim(name, secret);
      return claimed.transform(ar -> {
        if (ar.failed()) {
          return error(clientId, ar.cause() instanceof IllegalStateException
              ? ar.cause().getMessage() : "the name could not be claimed, try again");
        }
        Future<Void> told = ar.result() == null ? Future.succeededFuture()
            : send(clientId, new JsonObject().put("type", "claimed").put("name", name)
                .put("secret", ar.result()));
        return told.compose(v -> enter(clientId, room, name, session));
      });
    });
  }

  private Future<Void> enter(String clientId, String room, String name, JsonObject session) {
    String previous = session == null ? null : session.getString("room");
    Future<Boolean> left = previous == null || previous.equals(room)
        ? Future.succeededFuture(true) : gateway.leaveGroup(clientId, previous);
    return left.compose(v -> gateway.joinGroup(clientId, room))
        .compose(v -> gateway.bindUid(clientId, name))
        .compose(v -> gateway.setSession(clientId, new JsonObject().put("room", room)
            .put("name", name)))
        .compose(v -> gateway.sendToGroup(room, new JsonObject().put("type", "joined")
            .put("room", room).put("name", name).put("client", clientId).encode(), List.of()))
        .mapEmpty();
  }

  private Future<Void> say(String clientId, JsonObject command) {
    String text = text(command, "text", MAX_TEXT);
    if (text == null) {
      return error(clientId, "say needs a text of 1 to " + MAX_TEXT + " characters");
    }
    return gateway.getSession(clientId).compose(session -> {
      String room = session == null ? null : session.getString("room");
      if (room == null) {
        return error(clientId, "join a room first");
      }
      return gateway.sendToGroup(room, new JsonObject().put("type", "say").put("room", room)
          .put("from", session.getString("name")).put("client", clientId).put("text", text)
          .encode(), List.of()).mapEmpty();
    });
  }

  private static String text(JsonObject command, String key, int max) {
    Object value = command.getValue(key);
    if (!(value instanceof String s)) {
      return null;
    }
    String trimmed = s.trim();
    return trimmed.isEmpty() || trimmed.length() > max ? null : trimmed;
  }

  private Future<Void> error(String clientId, String reason) {
    LOG.debug("Chat client {}: {}", clientId, reason);
    return send(clientId, new JsonObject().put("type", "error").put("reason", reason));
  }

  private Future<Void> send(String clientId, JsonObject message) {
    return gateway.sendToClient(clientId, message.encode()).mapEmpty();
  }

  private Future<AsyncMap<String, String>> labels() {
    return vertx.sharedData().getAsyncMap(NODE_LABELS);
  }
}
