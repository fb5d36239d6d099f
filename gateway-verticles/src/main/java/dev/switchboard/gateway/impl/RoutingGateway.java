package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;

import static dev.switchboard.gateway.impl.RoutingProtocol.guarded;
import static dev.switchboard.gateway.impl.RoutingProtocol.name;
import static dev.switchboard.gateway.impl.RoutingProtocol.require;

/**
 * What the two faces of {@link Gateway} share: the routing requests of every call, and the calls
 * about one client, which go to the node the client's id names. A subclass says how a request
 * reaches a node ({@link #client}); the calls about many clients are its own.
 *
 * <p>Threading: any thread.
 */
abstract class RoutingGateway implements Gateway {

  /**
   * Asks the node holding a client.
   *
   * @param clientId the client's id
   * @param request  the request, without the client
   * @param ifGone   the answer when the node does not answer (it is gone, so is the client)
   * @return the node's answer
   */
  abstract <T> Future<T> client(String clientId, JsonObject request, T ifGone);

  @Override
  public Future<SendResult> sendToClient(String clientId, String message) {
    return sendToClient(clientId, (Object) message);
  }

  @Override
  public Future<SendResult> sendToClient(String clientId, Buffer message) {
    return sendToClient(clientId, (Object) message);
  }

  private Future<SendResult> sendToClient(String clientId, Object message) {
    return guarded(() -> client(clientId, RoutingProtocol.withMessage(
        RoutingOp.SEND_CLIENT.request(), require(message, "message")),
        SendResult.CLOSED.name())).map(SendResult::valueOf);
  }

  @Override
  public Future<Boolean> joinGroup(String clientId, String group) {
    return guarded(() -> client(clientId, RoutingOp.JOIN.request()
        .put(RoutingProtocol.GROUP, name(group)), false));
  }

  @Override
  public Future<Boolean> leaveGroup(String clientId, String group) {
    return guarded(() -> client(clientId, RoutingOp.LEAVE.request()
        .put(RoutingProtocol.GROUP, name(group)), false));
  }

  @Override
  public Future<Boolean> bindUid(String clientId, String uid) {
    return guarded(() -> client(clientId, RoutingOp.BIND.request()
        .put(RoutingProtocol.UID, name(uid)), false));
  }

  @Override
  public Future<Boolean> unbindUid(String clientId, String uid) {
    return guarded(() -> client(clientId, RoutingOp.UNBIND.request()
        .put(RoutingProtocol.UID, name(uid)), false));
  }

  @Override
  public Future<Boolean> isOnline(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.ONLINE.request(), false));
  }

  @Override
  public Future<String> getUidByClientId(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.UID_OF.request(), null));
  }

  @Override
  public Future<Boolean> setSession(String clientId, JsonObject session) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_SET.request()
        .put(RoutingProtocol.SESSION, require(session, "session")), false));
  }

  @Override
  public Future<Boolean> updateSession(String clientId, JsonObject changes) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_UPDATE.request()
        .put(RoutingProtocol.SESSION, require(changes, "changes")), false));
  }

  @Override
  public Future<JsonObject> getSession(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.SESSION_GET.request(), null));
  }

  @Override
  public Future<Boolean> closeClient(String clientId, String message) {
    JsonObject request = RoutingOp.CLOSE.request();
    if (message != null) {
      request.put(RoutingProtocol.TEXT, message);
    }
    return guarded(() -> client(clientId, request, false));
  }

  @Override
  public Future<Boolean> destroyClient(String clientId) {
    return guarded(() -> client(clientId, RoutingOp.DESTROY.request(), false));
  }

  // ---- the requests of the calls about many clients ---------------------------------------------

  static JsonObject uidSend(String uid, Object message) {
    return RoutingProtocol.withMessage(RoutingOp.SEND_UID.request()
        .put(RoutingProtocol.UID, name(uid)), require(message, "message"));
  }

  static JsonObject groupSend(String group, Object message, Collection<String> excluded) {
    JsonObject request = RoutingOp.SEND_GROUP.request().put(RoutingProtocol.GROUP,
        name(group));
    if (excluded != null && !excluded.isEmpty()) {
      request.put(RoutingProtocol.EXCLUDE, new JsonArray(new ArrayList<>(excluded)));
    }
    return RoutingProtocol.withMessage(request, require(message, "message"));
  }

  static JsonObject allSend(Object message) {
    return RoutingProtocol.withMessage(RoutingOp.SEND_ALL.request(),
        require(message, "message"));
  }
}
