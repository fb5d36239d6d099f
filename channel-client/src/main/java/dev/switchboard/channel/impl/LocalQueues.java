package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.NodeQueues;
import dev.switchboard.channel.internal.QueueDelivery;
import dev.switchboard.channel.internal.QueueServices;
import dev.switchboard.channel.internal.QueueWatcher;
import dev.switchboard.core.internal.LogSafe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The work queues of a local client: straight on the work queues of the channel server of its
 * node ({@link QueueServices}); without one, every queue call fails with {@code
 * QUEUES_UNAVAILABLE}. The client is one watcher; each ack or nack gives its queue the credit for
 * the next item.
 *
 * <p>Threading: on the client's context, apart from {@link #deliver} (any thread).
 */
final class LocalQueues implements QueueWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(LocalQueues.class);

  private final Vertx vertx;
  private final Context context;
  private final Map<String, Handler<QueueItem>> watches = new HashMap<>();
  /** The service its watches are on, once it watches. */
  private NodeQueues watching;
  private volatile boolean closed;

  LocalQueues(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  private NodeQueues service() {
    NodeQueues service = watching != null ? watching : QueueServices.of(vertx);
    if (service == null) {
      throw new ChannelException(Reason.QUEUES_UNAVAILABLE, "no channel server with work "
          + "queues runs on this node: a local client's queues go through it (deploy "
          + "ChannelServerVerticle on this clustered node, or use a remote client)");
    }
    return service;
  }

  Future<Void> enqueue(String queue, String dataJson) {
    return onContext(service().enqueue(queue, dataJson));
  }

  Future<Void> watch(String queue, Handler<QueueItem> handler) {
    NodeQueues service;
    try {
      service = service();
    } catch (ChannelException e) {
      return Future.failedFuture(e);
    }
    watching = service;
    if (watches.put(queue, handler) != null) {
      return Future.succeededFuture();
    }
    return onContext(service.watch(queue, this)).onSuccess(v -> {
      if (watches.containsKey(queue)) {
        service.credit(queue, this);
      }
    }).onFailure(e -> watches.remove(queue, handler));
  }

  Future<Void> unwatch(String queue) {
    if (watches.remove(queue) == null || watching == null) {
      return Future.succeededFuture();
    }
    return onContext(watching.unwatch(queue, this));
  }

  void close() {
    closed = true;
    watches.clear();
    if (watching != null) {
      watching.closed(this);
    }
  }

  @Override
  public boolean deliver(QueueDelivery delivery) {
    if (closed) {
      return false;
    }
    context.runOnContext(v -> {
      Handler<QueueItem> handler = watches.get(delivery.queue());
      if (handler == null) {
        // unwatched meanwhile: the unwatch put the item back
        return;
      }
      NodeQueues service = watching;
      String queue = delivery.queue();
      DeliveredItem item = new DeliveredItem(context, queue, Frames.decodeData(delivery.dataJson()),
          delivery.redelivered(), ack -> onContext(service.settle(queue, delivery.item(), this, ack))
          .onComplete(ar -> {
            if (watches.containsKey(queue)) {
              service.credit(queue, this);
            }
          }));
      try {
        handler.handle(item);
      } catch (RuntimeException e) {
        LOG.error("Handler of queue={} failed; the item is given back", LogSafe.escape(queue), e);
        item.nack();
      }
    });
    return true;
  }

  private <T> Future<T> onContext(Future<T> future) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }
}
