package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.NodeQueues;
import dev.switchboard.channel.internal.QueueDelivery;
import dev.switchboard.channel.internal.QueueServices;
import dev.switchboard.channel.internal.QueueWatcher;
import dev.switchboard.channel.server.WorkQueueOptions;
import dev.switchboard.core.internal.LogSafe;
import dev.switchboard.core.internal.NodeScoped;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The work queues of one node ({@link NodeQueues}): the node's watchers and their credits per
 * queue, fed from the cluster's {@link QueueStore}. For each queue a watcher of this node watches,
 * the node listens for changes of the queue's entry and, while one of its watchers there has a
 * credit, takes the queue's next item for it (one take at a time per queue, so the node hands
 * items out in queue order); the nodes race for items, and each item goes to one holder.
 *
 * <p>One per node ({@link #acquire}), shared by its channel servers and found by its local
 * clients through {@link QueueServices}.
 *
 * <p>Threading: every method from any thread; the state is guarded by this object's lock, never
 * held while calling out (a watcher, the store).
 */
final class ClusterQueues implements NodeQueues {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterQueues.class);
  /** Wait before taking again after a failed take (the store recovering from a member loss). */
  private static final long RETRY_DELAY = 200;

  private static final NodeScoped<ClusterQueues> NODES = new NodeScoped<>(
      vertx -> Future.failedFuture(new IllegalStateException("opened with options only")),
      ClusterQueues::close, NodeScoped.OnVertxClose.CLOSE);

  /** A watcher's holder id and the queues it watches on this node. */
  private record Holder(String id, Set<String> queues) {
  }

  /** The watchers of one queue on this node. */
  private static final class Local {
    final Set<QueueWatcher> watchers = new LinkedHashSet<>();
    final ArrayDeque<QueueWatcher> credited = new ArrayDeque<>();
    Future<UUID> listener;
    boolean taking;
    /** The queue changed while a take ran: take again once it returns. */
    boolean again;
  }

  private final Vertx vertx;
  private final QueueStore store;
  private final WorkQueueOptions limits;
  private final QueueStats stats;
  private final Map<String, Local> queues = new HashMap<>();
  private final Map<QueueWatcher, Holder> holders = new HashMap<>();
  private long nextHolder;

  private ClusterQueues(Vertx vertx, QueueStore store, WorkQueueOptions limits, QueueStats stats) {
    this.vertx = vertx;
    this.store = store;
    this.limits = limits;
    this.stats = stats;
  }

  /**
   * Takes one use of the node's work queues, opening them on first use.
   *
   * @param vertx  a node clustered over Hazelcast
   * @param limits the queue limits (those of the first user are the node's)
   * @param stats  the counters of the node
   * @return the node's queues; failed with {@code QUEUES_UNAVAILABLE} on a node that cannot have
   *     them
   */
  static Future<ClusterQueues> acquire(Vertx vertx, WorkQueueOptions limits, QueueStats stats) {
    return NODES.acquire(vertx, v -> QueueStore.open(v, stats.released::add)
        .map(store -> {
          ClusterQueues queues = new ClusterQueues(v, store, new WorkQueueOptions(limits), stats);
          QueueServices.register(v, queues);
          LOG.info("Work queues ready: map {}, maxQueueLength {}, maxItemSize {}",
              QueueStore.MAP_NAME, limits.getMaxQueueLength(), limits.getMaxItemSize());
          return queues;
        }));
  }

  /** Gives back one use of the node's queues; the last closes them. */
  Future<Void> release() {
    return NODES.release(vertx);
  }

  private Future<Void> close() {
    QueueServices.unregister(vertx, this);
    List<Future<UUID>> listeners;
    synchronized (this) {
      listeners = queues.values().stream().map(q -> q.listener).toList();
      queues.clear();
      holders.clear();
    }
    store.close();
    for (Future<UUID> listener : listeners) {
      listener.onSuccess(store::unlisten);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> enqueue(String queue, String dataJson) {
    int size = dataJson.getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.getMaxItemSize()) {
      stats.refused.increment();
      return Future.failedFuture(new ChannelException(Reason.ITEM_TOO_LARGE, "the item has "
          + size + " bytes of JSON; the most is " + limits.getMaxItemSize()));
    }
    QueueState.Item item = new QueueState.Item(UUID.randomUUID().toString(), dataJson, 0);
    return store.<QueueState.Added>run(queue, QueueOp.add(item, limits.getMaxQueueLength()))
        .compose(added -> {
          if (added == QueueState.Added.FULL) {
            stats.refused.increment();
            return Future.failedFuture(new ChannelException(Reason.QUEUE_FULL, "queue '"
                + LogSafe.escape(queue) + "' holds its maximum of " + limits.getMaxQueueLength()
                + " items"));
          }
          stats.enqueued.increment();
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<Void> watch(String queue, QueueWatcher watcher) {
    Future<UUID> listening;
    synchronized (this) {
      Holder holder = holders.computeIfAbsent(watcher, w -> new Holder(
          store.memberId() + "/" + (++nextHolder), new LinkedHashSet<>()));
      holder.queues().add(queue);
      Local local = queues.get(queue);
      if (local == null) {
        local = new Local();
        queues.put(queue, local);
        local.listener = store.listen(queue, () -> pump(queue));
        // a take before the listener is registered could miss the next enqueue's event: the
        // credits given meanwhile are served once it is
        local.listener.onComplete(ar -> {
          if (ar.failed()) {
            LOG.error("Work queue '{}': cannot listen for its items", LogSafe.escape(queue),
                ar.cause());
          }
          pump(queue);
        });
      }
      local.watchers.add(watcher);
      listening = local.listener;
    }
    return listening.mapEmpty();
  }

  @Override
  public boolean credit(String queue, QueueWatcher watcher) {
    synchronized (this) {
      Local local = queues.get(queue);
      if (local == null || !local.watchers.contains(watcher)) {
        return false;
      }
      if (!local.credited.contains(watcher)) {
        local.credited.addLast(watcher);
      }
    }
    pump(queue);
    return true;
  }

  /** Takes the queue's next item for its first credited watcher, unless a take runs. */
  private void pump(String queue) {
    QueueWatcher watcher;
    String holder;
    synchronized (this) {
      Local local = queues.get(queue);
      if (local == null || !local.listener.succeeded()) {
        return;
      }
      if (local.taking) {
        local.again = true;
        return;
      }
      watcher = local.credited.pollFirst();
      if (watcher == null) {
        return;
      }
      local.taking = true;
      local.again = false;
      holder = holders.get(watcher).id();
    }
    store.<QueueState.Item>run(queue, QueueOp.take(holder))
        .onComplete(ar -> taken(queue, watcher, holder, ar.result(), ar.cause()));
  }

  private void taken(String queue, QueueWatcher watcher, String holder, QueueState.Item item,
      Throwable failure) {
    boolean watching;
    boolean again;
    synchronized (this) {
      Local local = queues.get(queue);
      watching = local != null && local.watchers.contains(watcher);
      again = local != null && local.again;
      if (local != null) {
        local.taking = false;
        if (watching && (item == null || failure != null)) {
          // the credit is not used: first in line again
          local.credited.remove(watcher);
          local.credited.addFirst(watcher);
        }
      }
    }
    if (failure != null) {
      LOG.warn("Work queue '{}': take failed, retrying: {}", LogSafe.escape(queue),
          failure.toString());
      vertx.setTimer(RETRY_DELAY, t -> pump(queue));
      return;
    }
    if (item == null) {
      if (again) {
        pump(queue);
      }
      return;
    }
    QueueDelivery delivery = new QueueDelivery(queue, item.id(), item.json(),
        item.deliveries() > 1);
    if (watching && watcher.deliver(delivery)) {
      (delivery.redelivered() ? stats.redelivered : stats.delivered).increment();
    } else {
      // its watcher left meanwhile: back to the head of the queue, for another watcher
      store.run(queue, QueueOp.settle(holder, item.id(), false));
    }
    pump(queue);
  }

  @Override
  public Future<Void> settle(String queue, String item, QueueWatcher watcher, boolean ack) {
    String holder;
    synchronized (this) {
      Holder found = holders.get(watcher);
      holder = found == null ? null : found.id();
    }
    if (holder == null) {
      stats.refused.increment();
      return Future.failedFuture(unknownItem(queue, item));
    }
    return store.<Boolean>run(queue, QueueOp.settle(holder, item, ack)).compose(held -> {
      if (!held) {
        stats.refused.increment();
        return Future.failedFuture(unknownItem(queue, item));
      }
      (ack ? stats.acked : stats.nacked).increment();
      return Future.succeededFuture();
    });
  }

  private static ChannelException unknownItem(String queue, String item) {
    return new ChannelException(Reason.UNKNOWN_ITEM, "this connection holds no item '"
        + LogSafe.escape(item) + "' of queue '" + LogSafe.escape(queue) + "' (never delivered "
        + "to it, already settled, or put back when it unwatched)");
  }

  @Override
  public Future<Void> unwatch(String queue, QueueWatcher watcher) {
    String holder;
    synchronized (this) {
      Holder found = holders.get(watcher);
      if (found == null || !found.queues().remove(queue)) {
        return Future.succeededFuture();
      }
      holder = found.id();
      forget(queue, watcher);
      if (found.queues().isEmpty()) {
        // watching nothing: forgotten (it held only items of this queue, put back now)
        holders.remove(watcher);
      }
    }
    return putBack(queue, holder);
  }

  @Override
  public void closed(QueueWatcher watcher) {
    Holder holder;
    synchronized (this) {
      holder = holders.remove(watcher);
      if (holder == null) {
        return;
      }
      holder.queues().forEach(queue -> forget(queue, watcher));
    }
    for (String queue : holder.queues()) {
      putBack(queue, holder.id());
    }
  }

  /** Drops a watcher from a queue (under the lock); the last one stops the queue's listener. */
  private void forget(String queue, QueueWatcher watcher) {
    Local local = queues.get(queue);
    if (local == null) {
      return;
    }
    local.watchers.remove(watcher);
    local.credited.remove(watcher);
    if (local.watchers.isEmpty()) {
      queues.remove(queue);
      local.listener.onSuccess(store::unlisten);
    }
  }

  private Future<Void> putBack(String queue, String holder) {
    return store.<Integer>run(queue, QueueOp.releaseHolder(holder)).map(back -> {
      stats.released.add(back);
      return (Void) null;
    }).onFailure(e -> LOG.warn("Work queue '{}': could not put back the items of a watcher that "
        + "left (its member's departure will): {}", LogSafe.escape(queue), e.toString()));
  }

  @Override
  public JsonObject status() {
    int watched;
    int watchers;
    synchronized (this) {
      watched = queues.size();
      watchers = holders.size();
    }
    return stats.toJson().put("watchedQueues", watched).put("watchers", watchers);
  }
}
