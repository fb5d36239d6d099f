package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.NodeQueues;
import dev.switchboard.channel.internal.QueueDelivery;
import dev.switchboard.channel.internal.QueueWatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The work queues of one channel server connection, whatever its encoding: the queues it
 * watches, bounded by {@code maxWatches}, and per queue the item last delivered to it and not
 * yet settled. The JSON requests ({@link QueueRequests}) and the PHP frames of Workerman's
 * {@code Channel\Client} ({@code watch}, {@code unwatch}, {@code enqueue}, {@code reserve}) both
 * end here; a {@link Sink} writes each delivered item in the connection's encoding.
 *
 * <p>Threading: every method on the connection's context; {@link #deliver} from any thread.
 */
final class ConnectionQueues implements QueueWatcher {

  /** Writes one delivered item to the connection; called on the connection's context. */
  interface Sink {
    /**
     * @param delivery the item
     * @return whether it was written; false (dropped on a full send buffer) puts it back
     */
    boolean write(QueueDelivery delivery);
  }

  private final Context context;
  private final Supplier<NodeQueues> queues;
  private final Supplier<String> unavailable;
  /** The node's queues this connection used, once it used them. */
  private NodeQueues used;
  private final int maxWatches;
  private final Sink sink;
  /** Per watched queue, the item delivered and not settled, or null. */
  private final Map<String, String> watched = new LinkedHashMap<>();
  /** The watched queues given a credit whose item has not come yet (a credit at a time). */
  private final Set<String> awaiting = new HashSet<>();
  private volatile boolean closed;

  /**
   * @param context     the connection's context
   * @param queues      the node's work queues, or null when it has none (now: they may open
   *                    after the connection)
   * @param unavailable why it has none (the message of a refused request)
   * @param maxWatches  the most queues the connection watches at a time
   * @param sink        writes each delivered item
   */
  ConnectionQueues(Context context, Supplier<NodeQueues> queues, Supplier<String> unavailable,
      int maxWatches, Sink sink) {
    this.context = context;
    this.queues = queues;
    this.unavailable = unavailable;
    this.maxWatches = maxWatches;
    this.sink = sink;
  }

  /**
   * Appends the same item to each queue.
   *
   * @return a future completed once every copy is stored with its backup
   */
  Future<Void> enqueue(Collection<String> names, String dataJson) {
    NodeQueues node = node();
    if (names.size() == 1) {
      return node.enqueue(names.iterator().next(), dataJson);
    }
    List<Future<Void>> stored = new ArrayList<>();
    names.forEach(name -> stored.add(node.enqueue(name, dataJson)));
    return Future.all(stored).mapEmpty();
  }

  /**
   * Watches queues (again: no change); each gets items only for its credits ({@link #reserve}).
   *
   * @throws ChannelException {@code TOO_MANY_WATCHES} (nothing changed)
   */
  Future<Void> watch(Collection<String> names) {
    NodeQueues node = node();
    long fresh = names.stream().filter(name -> !watched.containsKey(name)).count();
    if (watched.size() + fresh > maxWatches) {
      throw new ChannelException(Reason.TOO_MANY_WATCHES, "a connection may watch at most "
          + maxWatches + " queues");
    }
    List<Future<Void>> listening = new ArrayList<>();
    for (String name : names) {
      if (!watched.containsKey(name)) {
        watched.put(name, null);
        listening.add(node.watch(name, this));
      }
    }
    return Future.all(listening).mapEmpty();
  }

  /** Stops watching queues: the items of them this connection holds go back to their heads. */
  Future<Void> unwatch(Collection<String> names) {
    NodeQueues node = node();
    List<Future<Void>> back = new ArrayList<>();
    for (String name : names) {
      if (watched.containsKey(name)) {
        watched.remove(name);
        awaiting.remove(name);
        back.add(node.unwatch(name, this));
      }
    }
    return Future.all(back).mapEmpty();
  }

  /**
   * Gives one watched queue a credit: its next item comes to this connection.
   *
   * @throws ChannelException {@code BAD_REQUEST} when the queue is not watched, or the
   *     connection holds an item of it not yet acked or nacked (one at a time per queue)
   */
  void reserve(String name) {
    if (!watched.containsKey(name)) {
      throw new ChannelException(Reason.BAD_REQUEST, "reserve names a queue this connection "
          + "does not watch");
    }
    if (watched.get(name) != null) {
      throw new ChannelException(Reason.BAD_REQUEST, "ack or nack the item this connection "
          + "holds from the queue before reserving the next");
    }
    credit(node(), name);
  }

  /** Gives a queue this connection's credit, unless it has it (the item is on its way). */
  private void credit(NodeQueues node, String name) {
    if (awaiting.add(name)) {
      node.credit(name, this);
    }
  }

  /**
   * Workerman's {@code reserve}: for every watched queue, acknowledges the item this connection
   * got from it (a PHP worker asks for the next item once done with the last), then gives the
   * queue a credit.
   */
  void reserveAll() {
    NodeQueues node = node();
    for (Map.Entry<String, String> entry : new ArrayList<>(watched.entrySet())) {
      String name = entry.getKey();
      String held = entry.getValue();
      if (held == null) {
        credit(node, name);
      } else {
        watched.put(name, null);
        node.settle(name, held, this, true).onComplete(ar -> context.runOnContext(v -> {
          if (!closed && watched.containsKey(name)) {
            credit(node, name);
          }
        }));
      }
    }
  }

  /** Acknowledges (done with) or nacks (deliver again, to any watcher) an item it holds. */
  Future<Void> settle(String name, String item, boolean ack) {
    if (item.equals(watched.get(name))) {
      watched.put(name, null);
    }
    return node().settle(name, item, this, ack);
  }

  /** The connection closed: the items it holds go back to their queues. */
  void close() {
    closed = true;
    watched.clear();
    if (used != null) {
      used.closed(this);
    }
  }

  /** @return the queues watched */
  int count() {
    return watched.size();
  }

  @Override
  public boolean deliver(QueueDelivery delivery) {
    if (closed) {
      return false;
    }
    context.runOnContext(v -> {
      // a connection closed meanwhile put back what it held, this item included
      if (!closed && watched.containsKey(delivery.queue())) {
        awaiting.remove(delivery.queue());
        if (sink.write(delivery)) {
          watched.put(delivery.queue(), delivery.item());
        } else {
          // not written (the connection does not read): back to the queue, for any watcher
          used.settle(delivery.queue(), delivery.item(), this, false);
        }
      }
    });
    return true;
  }

  private NodeQueues node() {
    if (used == null) {
      used = queues.get();
      if (used == null) {
        throw new ChannelException(Reason.QUEUES_UNAVAILABLE, unavailable.get());
      }
    }
    return used;
  }
}
