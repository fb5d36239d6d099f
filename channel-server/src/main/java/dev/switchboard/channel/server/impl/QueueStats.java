package dev.switchboard.channel.server.impl;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of the work queues of one node, in its status ({@code queues}) and as the meter
 * {@code switchboard_queue_items_total} with one label, {@code result}, whose values are the
 * fixed names below (never a queue's name: the labels stay bounded whatever clients name their
 * queues). One set per registry, so that a service opened again on a node counts on.
 *
 * <p>Threading: any thread.
 */
final class QueueStats {

  private static final Map<MeterRegistry, QueueStats> BY_REGISTRY = new WeakHashMap<>();

  /** Items stored by an enqueue of this node. */
  final LongAdder enqueued = new LongAdder();
  /** Items delivered to a watcher of this node for the first time. */
  final LongAdder delivered = new LongAdder();
  /** Items delivered to a watcher of this node again (nacked, or their watcher left). */
  final LongAdder redelivered = new LongAdder();
  /** Items acknowledged by a watcher of this node. */
  final LongAdder acked = new LongAdder();
  /** Items nacked by a watcher of this node. */
  final LongAdder nacked = new LongAdder();
  /** Items put back when their watcher unwatched, disconnected or its member left. */
  final LongAdder released = new LongAdder();
  /** Enqueues refused (queue full, item too large) and acks or nacks of unknown items. */
  final LongAdder refused = new LongAdder();

  private QueueStats(MeterRegistry registry) {
    meter(registry, "enqueued", "Items stored by an enqueue (enqueued)", enqueued);
    meter(registry, "delivered", "Items delivered for the first time (delivered)", delivered);
    meter(registry, "redelivered", "Items delivered again (redelivered)", redelivered);
    meter(registry, "acked", "Items acknowledged (acked)", acked);
    meter(registry, "nacked", "Items nacked (nacked)", nacked);
    meter(registry, "released", "Items put back when their watcher left (released)", released);
    meter(registry, "refused", "Refused enqueues, acks and nacks (refused)", refused);
  }

  private static void meter(MeterRegistry registry, String event, String help, LongAdder adder) {
    FunctionCounter.builder("switchboard.queue.items", adder, LongAdder::sum)
        .tag("result", event).description("Work queue items: " + help).register(registry);
  }

  /**
   * @param registry the node's registry (or a registry of no-ops when metrics are off)
   * @return the counters registering on it, created on first use
   */
  static QueueStats of(MeterRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, QueueStats::new);
    }
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("enqueued", enqueued.sum())
        .put("delivered", delivered.sum())
        .put("redelivered", redelivered.sum())
        .put("acked", acked.sum())
        .put("nacked", nacked.sum())
        .put("released", released.sum())
        .put("refused", refused.sum());
  }
}
