package dev.switchboard.gateway.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static dev.switchboard.gateway.impl.RoutingProtocol.guarded;
import static dev.switchboard.gateway.impl.RoutingProtocol.name;

/**
 * {@link Gateway} over the clustered event bus: a call about one client goes to the node its id
 * names; a group, uid or everyone call goes to the nodes the node's channel space knows hold
 * members ({@link ChannelNode#nodesFor(String)}), each answering for its own connections.
 *
 * <p>Threading: any thread.
 */
public final class ClusterGateway extends RoutingGateway {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterGateway.class);

  private final ChannelNode channels;
  private final EventBus eventBus;
  private final DeliveryOptions options;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** This node's own answers, without the event bus; or null when it runs no gateway. */
  private final Function<JsonObject, Future<Object>> local;
  private final ClusterQueries queries;

  private ClusterGateway(Vertx vertx, ChannelNode channels, long timeout,
      Function<JsonObject, Future<Object>> local) {
    this.channels = channels;
    this.eventBus = vertx.eventBus();
    this.options = new DeliveryOptions().setSendTimeout(timeout);
    this.local = local;
    this.queries = new ClusterQueries(this::askEach, channels::nodesFor, this::nodeOf);
  }

  /**
   * @param vertx   the node
   * @param timeout the time a node has to answer, ms
   * @return the gateway API, once the node has joined the channel space
   */
  public static Future<Gateway> create(Vertx vertx, long timeout) {
    if (timeout <= 0) {
      return Future.failedFuture(new IllegalArgumentException("timeout must be > 0"));
    }
    return ChannelNode.acquire(vertx).map(channels -> new ClusterGateway(vertx, channels, timeout, null));
  }

  /**
   * A gateway API on a node's channel space that someone else holds (and releases): for a gateway
   * node answering remote callers. Its {@link #close()} must not be called.
   *
   * @param local the node's own answers ({@link NodeRequests#answer}): a request to this node is
   *              answered by it directly, not over the event bus
   */
  static ClusterGateway on(Vertx vertx, ChannelNode channels, long timeout,
      Function<JsonObject, Future<Object>> local) {
    return new ClusterGateway(vertx, channels, timeout, local);
  }

  // ---- one client: its node ----------------------------------------------------------------

  @Override
  @SuppressWarnings("unchecked")
  <T> Future<T> client(String clientId, JsonObject request, T ifGone) {
    String node;
    try {
      node = nodeOf(clientId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (node == null) {
      return Future.succeededFuture(ifGone); // a GatewayWorker id of an address no node holds
    }
    request.put(RoutingProtocol.CLIENT, clientId);
    return ask(node, request).map(result -> (T) result).recover(e -> answerOrFail(e, ifGone));
  }

  /**
   * @param clientId a client id
   * @return the node holding it: the one its id names, or for a GatewayWorker client id the node
   *     subscribed to its address's channel (null when none is)
   * @throws IllegalArgumentException when it is not a client id
   */
  private String nodeOf(String clientId) {
    String home = RoutingProtocol.homeChannel(clientId);
    if (home.startsWith(RoutingProtocol.ADDRESS_CHANNEL_PREFIX)) {
      List<String> nodes = channels.nodesFor(home);
      return nodes.isEmpty() ? null : nodes.get(0);
    }
    return RoutingProtocol.nodeOf(clientId);
  }

  // ---- many clients -----------------------------------------------------------------------

  @Override
  public Future<ClusterSendResult> sendToUid(String uid, String message) {
    return guarded(() -> sendToNodes(RoutingProtocol.uidChannel(name(uid)), uidSend(uid, message)));
  }

  @Override
  public Future<ClusterSendResult> sendToUid(String uid, Buffer message) {
    return guarded(() -> sendToNodes(RoutingProtocol.uidChannel(name(uid)), uidSend(uid, message)));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(String group, String message,
      Collection<String> excluded) {
    return guarded(() -> sendToNodes(RoutingProtocol.groupChannel(name(group)),
        groupSend(group, message, excluded)));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(String group, Buffer message,
      Collection<String> excluded) {
    return guarded(() -> sendToNodes(RoutingProtocol.groupChannel(name(group)),
        groupSend(group, message, excluded)));
  }

  @Override
  public Future<ClusterSendResult> sendToAll(String message) {
    return guarded(() -> sendToNodes(RoutingProtocol.ALL, allSend(message)));
  }

  @Override
  public Future<ClusterSendResult> sendToAll(Buffer message) {
    return guarded(() -> sendToNodes(RoutingProtocol.ALL, allSend(message)));
  }

  private Future<ClusterSendResult> sendToNodes(String channel, JsonObject request) {
    Map<String, JsonObject> requests = new LinkedHashMap<>();
    channels.nodesFor(channel).forEach(node -> requests.put(node, request));
    return sendEach(requests);
  }

  /**
   * Sends each node its request.
   *
   * @return each answering node's counts; the nodes that did not answer in time are named
   */
  private Future<ClusterSendResult> sendEach(Map<String, JsonObject> targets) {
    return askEach(targets, false).map(byNode -> {
      Map<String, BroadcastResult> counts = new HashMap<>();
      byNode.forEach((node, result) -> counts.put(node,
          RoutingProtocol.broadcastResult((JsonObject) result)));
      Set<String> unanswered = new HashSet<>(targets.keySet());
      unanswered.removeAll(byNode.keySet());
      return new ClusterSendResult(counts, unanswered);
    });
  }

  @Override
  public Future<Void> ungroup(String group) {
    return guarded(() -> askNodes(RoutingProtocol.groupChannel(name(group)), RoutingOp.UNGROUP.request()
        .put(RoutingProtocol.GROUP, group), result -> result).mapEmpty());
  }

  @Override
  public Future<Boolean> isUidOnline(String uid) {
    return guarded(() -> getClientIdsByUid(uid).map(ids -> !ids.isEmpty()));
  }

  @Override
  public Future<List<String>> getClientIdsByUid(String uid) {
    return guarded(() -> ids(RoutingProtocol.uidChannel(name(uid)), RoutingOp.UID_IDS.request()
        .put(RoutingProtocol.UID, uid)));
  }

  @Override
  public Future<List<String>> getClientIdsByGroup(String group) {
    return guarded(() -> ids(RoutingProtocol.groupChannel(name(group)), RoutingOp.GROUP_IDS.request()
        .put(RoutingProtocol.GROUP, group)));
  }

  @Override
  public Future<Integer> getClientCountByGroup(String group) {
    return guarded(() -> getClientIdsByGroup(group).map(List::size));
  }

  @Override
  public Future<Integer> getAllClientCount() {
    return guarded(() -> askNodes(RoutingProtocol.ALL, RoutingOp.COUNT_ALL.request(),
        result -> ((Number) result).intValue())
        .map(counts -> counts.values().stream().mapToInt(Integer::intValue).sum()));
  }

  /**
   * @return {@code {"cluster": {"nodes": n, <counters summed>}, "nodes": {<id>: <node status>},
   *     "notAnswering": [<id>]}} of the gateway nodes, those that did not answer in time named
   */
  Future<JsonObject> nodeStatuses() {
    return everyNode(RoutingOp.STATUS.request()).map(StatusViews::statuses);
  }

  /**
   * @param limit the most rows per node
   * @return the connection rows of every gateway node ({@link StatusViews#merge})
   */
  Future<JsonObject> nodeConnections(int limit) {
    return everyNode(RoutingOp.CONNECTIONS.request().put(StatusViews.LIMIT, limit))
        .map(parts -> StatusViews.merge(parts, limit));
  }

  /** Asks every gateway node; the answers by node id, and the nodes that gave none in time. */
  private Future<StatusViews.Parts> everyNode(JsonObject request) {
    Map<String, JsonObject> requests = new LinkedHashMap<>();
    channels.nodesFor(RoutingProtocol.ALL).forEach(node -> requests.put(node, request));
    return answers(requests, false).map(byNode -> {
      StatusViews.Parts parts = new StatusViews.Parts(new TreeMap<>(), new ArrayList<>());
      new TreeMap<>(byNode).forEach((node, answer) -> {
        if (answer == Missing.INSTANCE) {
          parts.notAnswering().add(node);
        } else {
          parts.answered().put(node, answer);
        }
      });
      return parts;
    });
  }

  private Future<List<String>> ids(String channel, JsonObject request) {
    return askNodes(channel, request, result -> (JsonArray) result).map(byNode -> {
      List<String> ids = new ArrayList<>();
      byNode.values().forEach(array -> array.forEach(id -> ids.add((String) id)));
      return ids;
    });
  }

  /**
   * Asks every node holding members of a channel; a node that does not answer in time is left
   * out (and logged).
   */
  private <T> Future<Map<String, T>> askNodes(String channel, JsonObject request,
      Function<Object, T> read) {
    Map<String, JsonObject> requests = new LinkedHashMap<>();
    channels.nodesFor(channel).forEach(node -> requests.put(node, request));
    return askEach(requests, false).map(byNode -> {
      Map<String, T> values = new HashMap<>();
      byNode.forEach((node, result) -> values.put(node, read.apply(result)));
      return values;
    });
  }

  /**
   * Asks each node its own request; a node that does not answer in time is left out (and
   * logged).
   *
   * @param requests the request of each node
   * @param strict   whether a node's refusal (a bad request) fails the whole call rather than
   *                 leaving the node out
   * @return the answers of the nodes that answered, by node
   */
  private Future<Map<String, Object>> askEach(Map<String, JsonObject> requests, boolean strict) {
    return answers(requests, strict).map(byNode -> {
      byNode.values().removeIf(answer -> answer == Missing.INSTANCE);
      return byNode;
    });
  }

  /** As {@link #askEach}, a node that did not answer in time being there as {@link Missing}. */
  private Future<Map<String, Object>> answers(Map<String, JsonObject> requests, boolean strict) {
    List<String> nodes = new ArrayList<>(requests.keySet());
    List<Future<Object>> answers = new ArrayList<>(nodes.size());
    for (String node : nodes) {
      JsonObject request = requests.get(node);
      answers.add(ask(node, request).recover(e -> {
        if (strict && e instanceof ReplyException reply
            && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
          return Future.failedFuture(new IllegalArgumentException(reply.getMessage()));
        }
        LOG.info("Gateway routing: node {} did not answer {} ({}); left out", node,
            request.getString(RoutingProtocol.OP), e.getMessage());
        return Future.succeededFuture(Missing.INSTANCE);
      }));
    }
    return Future.all(answers).map(all -> {
      Map<String, Object> byNode = new HashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        byNode.put(nodes.get(i), answers.get(i).result());
      }
      return byNode;
    });
  }

  @Override
  Future<Object> clusterQuery(JsonObject request) {
    return guarded(() -> queries.query(request));
  }

  @Override
  Future<ClusterSendResult> clusterSend(JsonObject request) {
    return guarded(() -> sendEach(queries.sendTargets(request)));
  }

  /** A node that did not answer. */
  private enum Missing {
    INSTANCE
  }

  /**
   * Asks one node, through the node's routing window: a request the window refuses fails with
   * {@code PEER_BUSY} and is not sent.
   */
  private Future<Object> ask(String node, JsonObject request) {
    if (local != null && node.equals(channels.id())) {
      return local.apply(request.copy()); // answered as over the event bus, without the trip
    }
    DeliveryOptions delivery = new DeliveryOptions(options);
    // the size the event bus's JSON codec writes; counted once more here, off the fast path
    int size = request.toBuffer().length();
    if (!channels.flow().stamp(PeerFlow.Path.ROUTING, node, size, delivery)) {
      return Future.failedFuture(new ChannelException(ChannelException.Reason.PEER_BUSY,
          "Routing request " + request.getString(RoutingProtocol.OP) + " to node " + node
              + " refused: its window is full"));
    }
    return eventBus.<JsonObject>request(RoutingProtocol.address(node), request, delivery)
        .map(reply -> {
          channels.flow().replied(PeerFlow.Path.ROUTING, node, reply.headers());
          return reply.body().getValue(RoutingProtocol.RESULT);
        });
  }

  /**
   * A node that is gone answers for its clients: they are gone too. A refusal (a bad request, or
   * a node whose window is full) is a failure.
   */
  private static <T> Future<T> answerOrFail(Throwable e, T ifGone) {
    if (e instanceof ChannelException) {
      return Future.failedFuture(e);
    }
    if (e instanceof ReplyException reply
        && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return Future.failedFuture(new IllegalArgumentException(reply.getMessage()));
    }
    return Future.succeededFuture(ifGone);
  }

  @Override
  public Future<Void> close() {
    // once only: each release gives back one use of the node's shared channel space, and a
    // second one would take away another user's (a gateway router's) and could stop the node
    return closed.compareAndSet(false, true) ? channels.release() : Future.succeededFuture();
  }
}
