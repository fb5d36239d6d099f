package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.gateway.impl.RoutingOp;
import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The commands of GatewayClient and of a BusinessWorker's {@code Lib\Gateway} on this node's
 * clients, run as routing requests of the node ({@code NodeRequests}, the same registries of
 * groups, uids and sessions as the Java {@code Gateway}): each inner listener answers for the
 * node's own clients, as a Workerman gateway process answers for its own, and GatewayClient, which
 * asks every gateway address a Register lists, merges the answers. The queries are
 * {@link InnerQueries}.
 *
 * <p>As in GatewayWorker, a command about a client that is not online does nothing, and the
 * commands that change something have no reply. A command GatewayWorker ignores for an empty
 * group or uid is refused here (the connection closes, the reason logged), as is an unknown
 * command or a malformed ext_data or body.
 *
 * <p>Threading: any thread.
 */
public final class GatewayCommands implements InnerCommands {

  private final Function<JsonObject, Future<Object>> local;
  private final Supplier<WorkermanAddress> address;
  private final InnerQueries queries;

  /**
   * @param local   answers a routing request about this node's connections
   * @param address the node's inner listener address (its client ids are made of it)
   */
  public GatewayCommands(Function<JsonObject, Future<Object>> local,
      Supplier<WorkermanAddress> address) {
    this.local = local;
    this.address = address;
    this.queries = new InnerQueries(local, this::clientId);
  }

  @Override
  public Future<Buffer> run(GatewayPacket packet) {
    try {
      if (GatewayCommand.isQuery(packet.cmd())) {
        return queries.run(packet);
      }
      if (packet.cmd() == GatewayCommand.UNBIND_UID) { // whatever uid it has, as GatewayWorker
        String client = clientId(packet.connectionId());
        return local.apply(op(RoutingOp.UID_OF, client)).compose(uid -> uid == null
            ? Future.succeededFuture() : local.apply(op(RoutingOp.UNBIND, client)
                .put(RoutingProtocol.UID, uid))).map((Buffer) null);
      }
      JsonObject request = request(packet);
      return request == null ? Future.succeededFuture()
          : local.apply(request).map((Buffer) null);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** @return the routing request of a command that changes something or sends; null: none */
  private JsonObject request(GatewayPacket packet) {
    String client = clientId(packet.connectionId());
    return switch (packet.cmd()) {
      case GatewayCommand.SEND_TO_ONE -> PhpValues.withMessage(op(RoutingOp.SEND_CLIENT, client),
          packet);
      case GatewayCommand.SEND_TO_ALL -> sendToAll(packet);
      case GatewayCommand.SEND_TO_UID -> PhpValues.withMessage(RoutingOp.SEND_UID.request()
          .put(RoutingProtocol.UIDS, PhpValues.names(PhpValues.values(PhpValues.json(packet),
              "uids"), "uids")), packet);
      case GatewayCommand.SEND_TO_GROUP -> sendToGroup(packet);
      case GatewayCommand.KICK -> {
        JsonObject close = op(RoutingOp.CLOSE, client);
        yield packet.body().length() == 0 ? close : PhpValues.withMessage(close, packet);
      }
      case GatewayCommand.DESTROY -> op(RoutingOp.DESTROY, client);
      case GatewayCommand.BIND_UID -> op(RoutingOp.BIND, client)
          .put(RoutingProtocol.UID, PhpValues.name(packet, "uid"));
      case GatewayCommand.JOIN_GROUP -> op(RoutingOp.JOIN, client)
          .put(RoutingProtocol.GROUP, PhpValues.name(packet, "group"));
      case GatewayCommand.LEAVE_GROUP -> op(RoutingOp.LEAVE, client)
          .put(RoutingProtocol.GROUP, PhpValues.name(packet, "group"));
      case GatewayCommand.UNGROUP -> RoutingOp.UNGROUP.request()
          .put(RoutingProtocol.GROUP, PhpValues.name(packet, "group"));
      case GatewayCommand.SET_SESSION -> op(RoutingOp.SESSION_SET, client)
          .put(RoutingProtocol.SESSION, PhpValues.session(packet.extData()));
      case GatewayCommand.UPDATE_SESSION -> op(RoutingOp.SESSION_UPDATE, client)
          .put(RoutingProtocol.SESSION, PhpValues.session(packet.extData()));
      default -> throw new IllegalArgumentException("unknown command " + packet.cmd());
    };
  }

  @Override
  public String toString() {
    return "GatewayCommands[" + address.get() + "]";
  }

  private static JsonObject op(RoutingOp op, String client) {
    return op.request().put(RoutingProtocol.CLIENT, client);
  }

  /**
   * CMD_SEND_TO_ALL: ext_data {@code {"connections": [ids]}} (those only), or
   * {@code {"exclude": {id: id}}}, or empty (everyone).
   */
  private JsonObject sendToAll(GatewayPacket packet) {
    JsonObject request = PhpValues.withMessage(RoutingOp.SEND_ALL.request(), packet);
    if (!(PhpValues.json(packet) instanceof JsonObject ext)) {
      return request;
    }
    if (ext.containsKey("connections")) { // an empty list sends nothing
      JsonArray clients = clientIds(ext.getValue("connections"));
      return clients.isEmpty() ? null : request.put(RoutingProtocol.CLIENTS, clients);
    }
    JsonArray excluded = clientIds(ext.getValue("exclude"));
    return excluded.isEmpty() ? request : request.put(RoutingProtocol.EXCLUDE, excluded);
  }

  /** CMD_SEND_TO_GROUP: ext_data {@code {"group": [groups], "exclude": {id: id} | null}}. */
  private JsonObject sendToGroup(GatewayPacket packet) {
    if (!(PhpValues.json(packet) instanceof JsonObject ext)) {
      throw new IllegalArgumentException("ext_data must be a JSON object with \"group\"");
    }
    JsonObject request = PhpValues.withMessage(RoutingOp.SEND_GROUP.request()
        .put(RoutingProtocol.GROUPS, PhpValues.names(PhpValues.values(ext.getValue("group"),
            "group"), "group")), packet);
    JsonArray excluded = clientIds(ext.getValue("exclude"));
    return excluded.isEmpty() ? request : request.put(RoutingProtocol.EXCLUDE, excluded);
  }

  private JsonArray clientIds(Object connections) {
    JsonArray ids = new JsonArray();
    PhpValues.values(connections, "connection ids")
        .forEach(id -> ids.add(clientId(PhpValues.connectionId(id))));
    return ids;
  }

  /** @return the client id of a connection at this node's address */
  String clientId(long connectionId) {
    WorkermanAddress current = address.get();
    if (current == null) {
      throw new IllegalStateException("the inner listener is not up");
    }
    return WorkermanClientId.format(current, connectionId);
  }
}
