package dev.switchboard.gateway.impl;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.core.internal.LogSafe;
import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static dev.switchboard.gateway.impl.RoutingProtocol.guarded;
import static dev.switchboard.gateway.impl.RoutingProtocol.name;

/**
 * {@link Gateway} for a process outside the cluster, through a {@link ChannelClient} (no port of
 * its own): a call is published on a gateway node's channel ({@code $gateway.node.<id>}) with the
 * channel its answer is to be published on, a channel of this caller's own
 * ({@code $gateway.reply.<uuid>}, a random UUID known only to this caller and the gateway
 * nodes: no remote client may read the nodes' channels nor publish on a reply channel, and the
 * channel client needs the gateway role). A call about one client goes to the node its id
 * names; other calls go to one gateway node, the first to answer a {@code hello} published to
 * every gateway node, which runs them cluster-wide. When that node does not answer in time another one is
 * looked for; queries are then asked once more, sends are not (they may have been done).
 *
 * <p>Threading: any thread; futures complete on the channel client's context or a timer's.
 */
public final class RemoteGateway extends RoutingGateway {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteGateway.class);

  private final Vertx vertx;
  private final ChannelClient channels;
  private final long timeout;
  private final String replyChannel = RoutingProtocol.REPLY_PREFIX + UUID.randomUUID();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Promise<Object>> pending = new ConcurrentHashMap<>();
  private volatile Future<String> proxy;

  private RemoteGateway(Vertx vertx, ChannelClient channels, long timeout) {
    this.vertx = vertx;
    this.channels = channels;
    this.timeout = timeout;
  }

  /**
   * @param vertx    the Vert.x instance whose timers bound the calls
   * @param channels a channel client (remote or local)
   * @param timeout  the time a call has to be answered, ms
   * @return the gateway API, once it receives answers
   */
  public static Future<Gateway> create(Vertx vertx, ChannelClient channels, long timeout) {
    if (timeout <= 0) {
      return Future.failedFuture(new IllegalArgumentException("timeout must be > 0"));
    }
    RemoteGateway gateway = new RemoteGateway(vertx, channels, timeout);
    return channels.on(gateway.replyChannel, gateway::onAnswer).map(gateway);
  }

  // ---- one client: its node ---------------------------------------------------------------------

  /** A node that does not answer is gone, and so is its client. */
  @Override
  @SuppressWarnings("unchecked")
  <T> Future<T> client(String clientId, JsonObject request, T ifGone) {
    String home = RoutingProtocol.homeChannel(clientId);
    request.put(RoutingProtocol.CLIENT, clientId);
    return call(home, request).map(result -> (T) result)
        .recover(e -> e instanceof TimeoutException ? Future.succeededFuture(ifGone)
            : Future.failedFuture(e));
  }

  // ---- many clients: one gateway node runs the call cluster-wide --------------------------------

  @Override
  public Future<ClusterSendResult> sendToUid(String uid, String message) {
    return guarded(() -> cluster(uidSend(uid, message), false, RemoteCalls::sendResult));
  }

  @Override
  public Future<ClusterSendResult> sendToUid(String uid, Buffer message) {
    return guarded(() -> cluster(uidSend(uid, message), false, RemoteCalls::sendResult));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(String group, String message,
      Collection<String> excluded) {
    return guarded(() -> cluster(groupSend(group, message, excluded), false,
        RemoteCalls::sendResult));
  }

  @Override
  public Future<ClusterSendResult> sendToGroup(String group, Buffer message,
      Collection<String> excluded) {
    return guarded(() -> cluster(groupSend(group, message, excluded), false,
        RemoteCalls::sendResult));
  }

  @Override
  public Future<ClusterSendResult> sendToAll(String message) {
    return guarded(() -> cluster(allSend(message), false, RemoteCalls::sendResult));
  }

  @Override
  public Future<ClusterSendResult> sendToAll(Buffer message) {
    return guarded(() -> cluster(allSend(message), false, RemoteCalls::sendResult));
  }

  @Override
  public Future<Void> ungroup(String group) {
    return guarded(() -> cluster(RoutingOp.UNGROUP.request()
        .put(RoutingProtocol.GROUP, name(group)), true, result -> null));
  }

  @Override
  public Future<Boolean> isUidOnline(String uid) {
    return guarded(() -> cluster(RoutingOp.UID_ONLINE.request()
        .put(RoutingProtocol.UID, name(uid)), true, result -> (Boolean) result));
  }

  @Override
  public Future<List<String>> getClientIdsByUid(String uid) {
    return guarded(() -> cluster(RoutingOp.UID_IDS.request()
        .put(RoutingProtocol.UID, name(uid)), true, RemoteCalls::ids));
  }

  @Override
  public Future<List<String>> getClientIdsByGroup(String group) {
    return guarded(() -> cluster(RoutingOp.GROUP_IDS.request()
        .put(RoutingProtocol.GROUP, name(group)), true, RemoteCalls::ids));
  }

  @Override
  public Future<Integer> getClientCountByGroup(String group) {
    return guarded(() -> cluster(RoutingOp.GROUP_COUNT.request()
        .put(RoutingProtocol.GROUP, name(group)), true, result -> ((Number) result).intValue()));
  }

  @Override
  public Future<Integer> getAllClientCount() {
    return cluster(RoutingOp.COUNT_ALL.request(), true,
        result -> ((Number) result).intValue());
  }

  @Override
  Future<Object> clusterQuery(JsonObject request) {
    return cluster(request, true, result -> result);
  }

  @Override
  Future<ClusterSendResult> clusterSend(JsonObject request) {
    return cluster(request, false, RemoteCalls::sendResult);
  }

  /**
   * Runs a call on the gateway node taking this caller's cluster-wide calls; when it does not
   * answer, looks for another one, and asks a query once more.
   */
  private <T> Future<T> cluster(JsonObject request, boolean query, Function<Object, T> read) {
    return viaProxy(request).recover(e -> {
      if (!(e instanceof TimeoutException) || !query) {
        return Future.failedFuture(e);
      }
      return viaProxy(request.copy());
    }).map(read::apply);
  }

  private Future<Object> viaProxy(JsonObject request) {
    Future<String> current = proxy();
    return current.compose(node -> call(RoutingProtocol.nodeChannel(node), request.copy())
        .onFailure(e -> {
          if (e instanceof TimeoutException && proxy == current) {
            LOG.info("Gateway node {} did not answer {} within {} ms; looking for another one",
                node, request.getString(RoutingProtocol.OP), timeout);
            proxy = null;
          }
        }));
  }

  private Future<String> proxy() {
    Future<String> current = proxy;
    if (current != null && !current.failed()) {
      return current;
    }
    synchronized (this) {
      if (proxy == null || proxy.failed()) {
        proxy = call(RoutingProtocol.ALL, RoutingOp.HELLO.request())
            .map(node -> (String) node)
            .recover(e -> Future.failedFuture(e instanceof TimeoutException
                ? new TimeoutException("no gateway node answered within " + timeout + " ms")
                : e));
      }
      return proxy;
    }
  }

  // ---- calls and answers ------------------------------------------------------------------------

  private Future<Object> call(String channel, JsonObject request) {
    long id = ids.incrementAndGet();
    // the node running the call leaves itself time to answer before this caller gives up
    request.put(RoutingProtocol.ID, id).put(RoutingProtocol.REPLY_TO, replyChannel)
        .put(RoutingProtocol.WITHIN, timeout * 3 / 5);
    Promise<Object> answer = Promise.promise();
    // registered before the timer starts: a timer firing first (a caller on another thread)
    // would otherwise find nothing to fail, and the call would wait forever
    pending.put(id, answer);
    long timer = vertx.setTimer(timeout, t -> {
      if (pending.remove(id) != null) {
        answer.tryFail(new TimeoutException(request.getString(RoutingProtocol.OP)
            + " not answered within " + timeout + " ms"));
      }
    });
    answer.future().onComplete(ar -> vertx.cancelTimer(timer));
    channels.publish(channel, request).onFailure(e -> {
      if (pending.remove(id) != null) {
        answer.tryFail(e);
      }
    });
    return answer.future();
  }

  private void onAnswer(ChannelMessage message) {
    if (!(message.data() instanceof JsonObject data)
        || !(data.getValue(RoutingProtocol.ID) instanceof Number id)) {
      LOG.info("Gateway answer without a call id ignored: {}", LogSafe.escape(message.data()));
      return;
    }
    Promise<Object> call = pending.remove(id.longValue());
    if (call == null) {
      return; // answered already (a hello), or too late
    }
    String error = data.getString(RoutingProtocol.ERROR);
    if (error != null) {
      call.tryFail(new IllegalArgumentException(error));
    } else {
      call.tryComplete(data.getValue(RoutingProtocol.RESULT));
    }
  }

  @Override
  public Future<Void> close() {
    pending.keySet().forEach(id -> {
      Promise<Object> call = pending.remove(id);
      if (call != null) {
        call.tryFail(new IllegalStateException("gateway closed"));
      }
    });
    return channels.unsubscribe(List.of(replyChannel));
  }
}
