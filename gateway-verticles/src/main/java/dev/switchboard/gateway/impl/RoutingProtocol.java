package dev.switchboard.gateway.impl;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.GatewayQueries;
import dev.switchboard.gateway.impl.workerman.WorkermanClientId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The routing requests between {@link ClusterGateway} and the nodes' {@link GatewayRouter}s: one
 * event-bus address per gateway node, JSON requests {@code {"op": ..., ...}} (the operations are
 * {@link RoutingOp}) answered with {@code {"result": ...}}, and the channels through which nodes
 * announce what they hold.
 *
 * <p>Threading: constants and pure functions.
 */
public final class RoutingProtocol {

  /** Prefix of a gateway node's request address; the node's id follows. */
  static final String ADDRESS_PREFIX = "switchboard.gateway.node.";
  /** Channel every gateway node subscribes to: the nodes a send to everyone reaches. */
  public static final String ALL = ChannelAddresses.GATEWAY_PREFIX + "all";
  static final String GROUP_PREFIX = ChannelAddresses.GATEWAY_PREFIX + "group.";
  static final String UID_PREFIX = ChannelAddresses.GATEWAY_PREFIX + "uid.";
  static final String NODE_PREFIX = ChannelAddresses.GATEWAY_PREFIX + "node.";
  /**
   * Prefix of the channel of a GatewayWorker inner listener's address ({@code ip:port} follows):
   * the node listening there is subscribed to it, so its GatewayWorker client ids are found.
   */
  static final String ADDRESS_CHANNEL_PREFIX = ChannelAddresses.GATEWAY_PREFIX + "lan.";

  public static final String OP = "op";
  public static final String RESULT = "result";
  public static final String CLIENT = "client";
  public static final String GROUP = "group";
  public static final String UID = "uid";
  public static final String EXCLUDE = "exclude";
  public static final String TEXT = "text";
  public static final String BINARY = "binary";
  public static final String SESSION = "session";
  /** Key of a batch call or a send to several targets: its uids, groups or client ids. */
  public static final String UIDS = "uids";
  public static final String GROUPS = "groups";
  public static final String CLIENTS = "clients";


  /** Key of a remote call: the channel its answer is published on. */
  static final String REPLY_TO = "replyTo";
  /** Key of a remote call and its answer: the caller's number for the call. */
  static final String ID = "id";
  /** Key of a remote call: the time the node running it may give each node to answer, ms. */
  static final String WITHIN = "within";
  /** Key of an answer: why the call failed. */
  static final String ERROR = "error";
  /**
   * Prefix of the channels remote callers receive answers on; the rest is a random UUID, known
   * only to the caller and the gateway nodes (no remote client may subscribe to a node's channel,
   * nor publish on a reply channel: the channel server's rule).
   */
  static final String REPLY_PREFIX = ChannelAddresses.GATEWAY_REPLY_PREFIX;

  private RoutingProtocol() {
  }

  static String address(String nodeId) {
    return ADDRESS_PREFIX + nodeId;
  }

  static String groupChannel(String group) {
    return GROUP_PREFIX + group;
  }

  static String uidChannel(String uid) {
    return UID_PREFIX + uid;
  }

  /**
   * @param nodeId a gateway node's id
   * @return the node's own channel: a node is subscribed to it while it runs gateway verticles
   */
  public static String nodeChannel(String nodeId) {
    return NODE_PREFIX + nodeId;
  }

  /**
   * @param address an inner listener's {@code ip:port}
   * @return its channel
   */
  static String addressChannel(String address) {
    return ADDRESS_CHANNEL_PREFIX + address;
  }

  /**
   * @param clientId a client id
   * @return the channel of the node holding it: its node channel, or for a GatewayWorker client
   *     id ({@link WorkermanClientId}) its address's channel
   * @throws IllegalArgumentException when it is not a client id
   */
  public static String homeChannel(String clientId) {
    WorkermanClientId workerman = WorkermanClientId.parse(clientId);
    return workerman != null ? addressChannel(workerman.address().toString())
        : nodeChannel(nodeOf(clientId));
  }

  /**
   * @param clientId a client id, {@code <node>-<verticle>-<sequence>} or a GatewayWorker client
   *                 id
   * @throws IllegalArgumentException when it is neither
   */
  static void checkClientId(String clientId) {
    if (WorkermanClientId.parse(clientId) == null) {
      nodeOf(clientId);
    }
  }

  /**
   * @param clientId a client id, {@code <node>-<verticle>-<sequence>}
   * @return the id of the node holding it
   * @throws IllegalArgumentException when it is not a client id
   */
  static String nodeOf(String clientId) {
    int dash = clientId == null ? -1 : clientId.indexOf('-');
    if (dash <= 0) {
      throw new IllegalArgumentException("not a client id: '" + clientId + "'");
    }
    return clientId.substring(0, dash);
  }

  /**
   * @param request a request
   * @param message a text ({@link String}) or binary ({@link Buffer}) message
   * @return the request carrying it
   */
  static JsonObject withMessage(JsonObject request, Object message) {
    if (message instanceof Buffer binary) {
      return request.put(BINARY, binary);
    }
    return request.put(TEXT, (String) message);
  }

  /**
   * @param request a request carrying a message
   * @return the message, encoded for the connections
   */
  static Outbound message(JsonObject request) {
    Object raw = rawMessage(request);
    return raw instanceof String text ? Outbound.text(text) : Outbound.binary((Buffer) raw);
  }

  /**
   * @param request a request carrying a message
   * @return the message: a {@link String} for text, a {@link Buffer} for binary
   */
  static Object rawMessage(JsonObject request) {
    String text = request.getString(TEXT);
    if (text != null) {
      return text;
    }
    Buffer binary = request.getBuffer(BINARY);
    if (binary == null) {
      throw new IllegalArgumentException("message missing (text or binary)");
    }
    return binary;
  }

  static JsonObject toJson(BroadcastResult result) {
    return new JsonObject().put("written", result.written()).put("queued", result.queued())
        .put("dropped", result.dropped()).put("closed", result.closed());
  }

  static BroadcastResult broadcastResult(JsonObject json) {
    return new BroadcastResult(json.getInteger("written", 0), json.getInteger("queued", 0),
        json.getInteger("dropped", 0), json.getInteger("closed", 0));
  }

  /** Bad arguments become a failed future, as every failure of the gateway API. */
  static <T> Future<T> guarded(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * @return the group or uid
   * @throws IllegalArgumentException when it is null or empty
   */
  static String name(String groupOrUid) {
    if (groupOrUid == null || groupOrUid.isEmpty()) {
      throw new IllegalArgumentException("a group or uid must not be empty");
    }
    return groupOrUid;
  }

  /**
   * @return the value
   * @throws IllegalArgumentException when it is null
   */
  static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  /**
   * Checks a batch argument: 1 to {@link GatewayQueries#MAX_BATCH_SIZE} names, none null or
   * empty, client ids well formed when {@code what} is {@link #CLIENTS}.
   *
   * @param names the names, a {@link Collection} of the caller's or a {@link JsonArray} of a
   *              request
   * @param what  what they are ({@link #UIDS}, {@link #GROUPS}, {@link #CLIENTS}, {@link #EXCLUDE})
   * @return the distinct names, in their first order
   * @throws IllegalArgumentException when the argument is not such a list
   */
  static Set<String> names(Iterable<?> names, String what) {
    if (names == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    Set<String> distinct = new LinkedHashSet<>();
    int count = 0;
    for (Object name : names) {
      if (++count > GatewayQueries.MAX_BATCH_SIZE) {
        throw new IllegalArgumentException(what + ": more than " + GatewayQueries.MAX_BATCH_SIZE
            + " names (MAX_BATCH_SIZE)");
      }
      if (!(name instanceof String text) || text.isEmpty()) {
        throw new IllegalArgumentException(what + " must hold non-empty strings only, got "
            + (name == null ? "null" : "'" + name + "'"));
      }
      if (what.equals(CLIENTS) || what.equals(EXCLUDE)) {
        checkClientId(text);
      }
      distinct.add(text);
    }
    if (distinct.isEmpty() && !what.equals(EXCLUDE)) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return distinct;
  }

  /**
   * @param request a request
   * @param key     the key of a batch argument in it
   * @return the argument, checked as {@link #names(Iterable, String)} does
   * @throws IllegalArgumentException when it is missing or not such a list
   */
  static Set<String> names(JsonObject request, String key) {
    Object value = request.getValue(key);
    if (value != null && !(value instanceof JsonArray)) {
      throw new IllegalArgumentException(key + " must be an array of strings");
    }
    return names((JsonArray) value, key);
  }

  /**
   * @return the excluded ids of a request (none when absent)
   */
  static Set<String> excluded(JsonObject request) {
    return request.getValue(EXCLUDE) == null ? Set.of() : names(request, EXCLUDE);
  }

  /**
   * @return the excluded ids of a caller, as a request's array (null when there are none)
   */
  static JsonArray excluded(Collection<String> excluded) {
    if (excluded == null || excluded.isEmpty()) {
      return null;
    }
    return new JsonArray(new ArrayList<Object>(names(excluded, EXCLUDE)));
  }
}
