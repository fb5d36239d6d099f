package dev.switchboard.channel.internal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The cluster-wide work queues as one node serves them (docs/channel.md, "Work queues"): items
 * held in the cluster's store, each delivered to one watcher at a time anywhere in the cluster,
 * one item per credit, again when its watcher leaves without acknowledging it.
 *
 * <p>The channel server module provides the implementation and registers it in
 * {@link QueueServices} for its node while a channel server runs there; a local client finds it
 * there.
 *
 * <p>Threading: every method from any thread; the futures complete on any thread (callers hop to
 * their own context).
 */
public interface NodeQueues {

  /**
   * Appends an item to a queue (creating the queue).
   *
   * @param queue    the queue
   * @param dataJson the item's data as JSON text
   * @return a future completed once the item is stored with its backup; failed with {@code
   *     QUEUE_FULL}, {@code ITEM_TOO_LARGE} (nothing stored) or another reason (the item may or
   *     may not be stored)
   */
  Future<Void> enqueue(String queue, String dataJson);

  /**
   * Makes a watcher a watcher of a queue (again: no change). It gets items only for its credits.
   *
   * @param queue   the queue
   * @param watcher the watcher
   * @return a future completed once the watcher is told of the queue's new items
   */
  Future<Void> watch(String queue, QueueWatcher watcher);

  /**
   * Gives a watched queue one credit of the watcher: the next item of the queue goes to it (a
   * watcher holds at most one credit per queue; more calls before a delivery change nothing).
   *
   * @param queue   the queue
   * @param watcher the watcher
   * @return false when the watcher does not watch the queue
   */
  boolean credit(String queue, QueueWatcher watcher);

  /**
   * Settles an item the watcher holds.
   *
   * @param queue   the queue
   * @param item    the item's id
   * @param watcher the watcher holding it
   * @param ack     true: done with, removed; false (nack): back to the head of the queue, for any
   *                watcher
   * @return a future failed with {@code UNKNOWN_ITEM} when the watcher does not hold that item
   */
  Future<Void> settle(String queue, String item, QueueWatcher watcher, boolean ack);

  /**
   * Stops a watcher's watching of a queue: the items of the queue it holds go back to the head of
   * the queue.
   *
   * @param queue   the queue
   * @param watcher the watcher
   * @return a future completed once they are back
   */
  Future<Void> unwatch(String queue, QueueWatcher watcher);

  /**
   * Ends a watcher (its connection closed): as {@link #unwatch} for every queue it watches.
   *
   * @param watcher the watcher
   */
  void closed(QueueWatcher watcher);

  /**
   * @return this node's counters of the work queues (docs/channel.md, "Work queues")
   */
  JsonObject status();
}
