package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.BroadcastResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One verticle's broadcasts: queued from any thread, sent on the verticle's context in queue
 * order. Consecutive broadcasts that queue up while the event loop is busy go out together: each
 * connection gets its messages in one batch (a transport may write them all and flush once).
 *
 * <p>Order: a direct send or a graceful close of a connection first {@link #drain() drains} the
 * queue, so a broadcast and a send (or close) made in that order by one sender, on any thread,
 * arrive in that order.
 *
 * <p>Threading: {@link #add} from any thread; {@link #drain()} on the context.
 *
 * @param <T> what a broadcast is sent to (a connection)
 */
final class BroadcastQueue<T extends BroadcastQueue.Target> {

  /** What a broadcast reaches. */
  interface Target {

    /**
     * Sends messages in order, on the context.
     *
     * @param messages the messages
     * @param tallies  where each message's result is counted, by index
     */
    void send(List<Outbound> messages, BroadcastTally[] tallies);
  }

  private final Executor context;
  private final Supplier<Collection<T>> everyone;
  private final Queue<Queued<T>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private boolean draining;

  /**
   * @param context  runs a task on the verticle's context
   * @param everyone the targets of a broadcast to all, at the time it is sent
   */
  BroadcastQueue(Executor context, Supplier<Collection<T>> everyone) {
    this.context = context;
    this.everyone = everyone;
  }

  /**
   * Queues a broadcast; any thread.
   *
   * @param message the message
   * @param targets the targets, or null for all
   * @return what happened, once sent
   */
  Future<BroadcastResult> add(Outbound message, Collection<T> targets) {
    Queued<T> queued = new Queued<>(message, targets, Promise.promise());
    queue.add(queued);
    if (drainScheduled.compareAndSet(false, true)) {
      context.execute(this::drain);
    }
    return queued.done.future();
  }

  /**
   * Sends the queued broadcasts; on the context. A call made while draining (a callback of the
   * drain sends) returns at once: the drain goes on after it.
   */
  void drain() {
    if (draining) {
      return;
    }
    if (!drainScheduled.get() && queue.isEmpty()) {
      return; // nothing queued (the common case of a send)
    }
    draining = true;
    drainScheduled.set(false);
    try {
      List<Queued<T>> run = new ArrayList<>();
      Queued<T> next;
      while ((next = queue.poll()) != null) {
        run.add(next);
      }
      if (!run.isEmpty()) {
        send(run);
      }
    } finally {
      draining = false;
    }
  }

  private void send(List<Queued<T>> queued) {
    BroadcastTally[] tallies = new BroadcastTally[queued.size()];
    boolean allToAll = true;
    for (int i = 0; i < queued.size(); i++) {
      tallies[i] = new BroadcastTally();
      allToAll &= queued.get(i).targets == null;
    }
    if (allToAll || queued.size() == 1) {
      List<Outbound> messages = new ArrayList<>(queued.size());
      queued.forEach(q -> messages.add(q.message));
      Collection<T> targets = allToAll ? everyone.get() : queued.get(0).targets;
      for (T target : targets) {
        target.send(messages, tallies);
      }
    } else {
      // which of the messages each target gets, in order
      Map<T, List<Integer>> mine = new LinkedHashMap<>();
      for (int i = 0; i < queued.size(); i++) {
        Collection<T> targets = queued.get(i).targets;
        for (T target : targets == null ? everyone.get() : targets) {
          mine.computeIfAbsent(target, c -> new ArrayList<>(2)).add(i);
        }
      }
      mine.forEach((target, indexes) -> {
        List<Outbound> messages = new ArrayList<>(indexes.size());
        BroadcastTally[] counts = new BroadcastTally[indexes.size()];
        for (int j = 0; j < indexes.size(); j++) {
          messages.add(queued.get(indexes.get(j)).message);
          counts[j] = tallies[indexes.get(j)];
        }
        target.send(messages, counts);
      });
    }
    for (int i = 0; i < queued.size(); i++) {
      queued.get(i).done.complete(tallies[i].result());
    }
  }

  /** A broadcast waiting for the context. */
  private record Queued<T>(Outbound message, Collection<T> targets,
      Promise<BroadcastResult> done) {
  }
}
