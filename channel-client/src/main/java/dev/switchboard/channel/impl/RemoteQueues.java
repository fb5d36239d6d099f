package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.core.internal.LogSafe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The work queues of a remote client: its watches (sent again after every reconnect, with a
 * credit each), the items the server delivers, and their acks and nacks, each followed by the
 * credit for the next item ({@code reserve}).
 *
 * <p>Threading: on the client's context.
 */
final class RemoteQueues {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteQueues.class);

  private final Context context;
  /** Sends a request with an id and returns its answer (failed when not connected). */
  private final Function<JsonObject, Future<JsonObject>> requests;
  private final Map<String, Handler<QueueItem>> watches = new LinkedHashMap<>();
  /** Counts the connections: an item of an earlier one was put back when it was lost. */
  private long connection;

  RemoteQueues(Context context, Function<JsonObject, Future<JsonObject>> requests) {
    this.context = context;
    this.requests = requests;
  }

  /** @return the queues watched */
  int size() {
    return watches.size();
  }

  /** Watches a queue on the current connection (the handler replaces an earlier one). */
  Future<Void> watch(String queue, Handler<QueueItem> handler) {
    boolean fresh = watches.put(queue, handler) == null;
    if (!fresh) {
      return Future.succeededFuture();
    }
    return sendWatch(queue).onFailure(e -> {
      if (AbstractChannelClient.refused(e)) {
        watches.remove(queue, handler);
      }
    });
  }

  private Future<Void> sendWatch(String queue) {
    return request("watch", queue).compose(v -> request("reserve", queue));
  }

  /** A new connection: watches every queue again. */
  void rewatch() {
    connection++;
    for (String queue : watches.keySet()) {
      sendWatch(queue).onFailure(e -> LOG.warn("Channel client could not watch queue '{}' "
          + "again after a reconnect: {}", LogSafe.escape(queue), e.getMessage()));
    }
  }

  Future<Void> unwatch(String queue, boolean connected) {
    watches.remove(queue);
    return connected ? request("unwatch", queue) : Future.succeededFuture();
  }

  /** A {@code queue} frame from the server. */
  void onItem(JsonObject frame) {
    String queue = frame.getString("queue");
    String item = frame.getString("item");
    Handler<QueueItem> handler = queue == null ? null : watches.get(queue);
    if (handler == null || item == null) {
      LOG.debug("Queue item for an unwatched queue; given back");
      if (queue != null && item != null) {
        settle(queue, item, false);
      }
      return;
    }
    Object data = frame.getValue("data");
    long deliveredOn = connection;
    DeliveredItem delivered = new DeliveredItem(context, queue, data,
        frame.getBoolean("redelivered", false), ack -> deliveredOn == connection
            ? settle(queue, item, ack)
            : Future.failedFuture(new ChannelException(ChannelException.Reason.UNKNOWN_ITEM,
                "the item came on a connection since lost: it was put back, and is or will be "
                + "delivered again")));
    try {
      handler.handle(delivered);
    } catch (RuntimeException e) {
      LOG.error("Handler of queue={} failed; the item is given back", LogSafe.escape(queue), e);
      delivered.nack();
    }
  }

  private Future<Void> settle(String queue, String item, boolean ack) {
    JsonObject request = new JsonObject().put("type", ack ? "ack" : "nack").put("queue", queue)
        .put("item", item);
    Future<Void> settled = requests.apply(request).mapEmpty();
    // the next item is asked for whatever the answer: an unknown item was put back, a lost
    // connection watches again with a credit
    settled.onComplete(ar -> {
      if (watches.containsKey(queue) && !(ar.cause() instanceof ChannelException e
          && e.reason() == ChannelException.Reason.DISCONNECTED)) {
        request("reserve", queue).onFailure(e -> LOG.debug("reserve of queue={} failed: {}",
            LogSafe.escape(queue), e.getMessage()));
      }
    });
    return settled;
  }

  private Future<Void> request(String type, String queue) {
    return requests.apply(new JsonObject().put("type", type).put("queue", queue)).mapEmpty();
  }
}
