package dev.switchboard.globaldata.impl;

import com.hazelcast.map.IMap;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;

/**
 * Sends increments of one key one Hazelcast operation at a time, and those that arrive while
 * one is in flight together when it returns (docs/global-data.md, "Increments that travel
 * together"). No timer: an increment of a key with nothing in flight is sent at once, alone, as
 * an {@link IncrementProcessor}, exactly as without batching; the ones that queued behind it go
 * as one {@link BatchIncrementProcessor} of at most {@link #MAX_STEPS} steps (each step is a
 * flag, 8 bytes and a flag, so that also bounds a batch's bytes), applied in arrival order. At
 * most {@link #MAX_WAITING} increments of one key wait on this node; one more fails at once with
 * {@link Reason#BUSY} and is not sent.
 *
 * <p>Thread-safe: each key's queue is created, filled, drained and removed inside
 * {@link ConcurrentHashMap#compute}, under that key's bin lock; a key is in the map exactly while
 * an operation on it is in flight, and only the completion of that operation sends the next.
 */
final class IncrementBatcher {

  private static final Logger LOG = LoggerFactory.getLogger(IncrementBatcher.class);

  /** The most increments one Hazelcast operation carries. */
  static final int MAX_STEPS = 256;
  /** The most increments of one key that may wait on this node for the one in flight. */
  static final int MAX_WAITING = 16_384;
  /** Runs a completion on the thread that completes the operation. */
  private static final Executor DIRECT = Runnable::run;
  /**
   * Sends the batches that queued behind an operation: the JVM's common pool (Hazelcast's own
   * default asynchronous executor), one hand-off per batch.
   */
  private static final Executor NEXT = ForkJoinPool.commonPool();

  private final IMap<String, String> map;
  private final IntConsumer batchSteps;
  /** Per key with an operation in flight: the increments waiting for it to return. */
  private final ConcurrentHashMap<String, ArrayDeque<Step>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param map        the GlobalData map
   * @param batchSteps told how many increments each Hazelcast operation carries
   */
  IncrementBatcher(IMap<String, String> map, IntConsumer batchSteps) {
    this.map = map;
    this.batchSteps = batchSteps;
  }

  /**
   * Sends an increment now when nothing is in flight for its key, else queues it behind.
   *
   * @param key    a checked key
   * @param step   a normalised step ({@link Long} or {@link Double})
   * @param create whether an absent key counts as 0
   * @return the outcome on the owner: a {@link Number} or an {@link IncrementProcessor.Failure};
   *     completed on a Hazelcast thread
   */
  CompletionStage<Object> increment(String key, Number step, boolean create) {
    Step queued = new Step(step, create, new CompletableFuture<>());
    boolean[] lead = new boolean[1];
    boolean[] full = new boolean[1];
    inFlight.compute(key, (k, waiting) -> {
      if (waiting == null) {
        lead[0] = true;
        return new ArrayDeque<>();
      }
      if (waiting.size() >= MAX_WAITING) {
        full[0] = true;
      } else {
        waiting.add(queued);
      }
      return waiting;
    });
    if (full[0]) {
      return CompletableFuture.failedFuture(new GlobalDataException(Reason.BUSY,
          MAX_WAITING + " increments of this key are already waiting on this node for the one "
              + "in flight; this one was not sent [key=" + key + "]"));
    }
    if (lead[0]) {
      send(key, List.of(queued));
    }
    return queued.outcome();
  }

  /**
   * Sends one batch; its completion sends the next one of the key, or ends the key's turn. The
   * completion runs where Hazelcast completes the operation (its response thread, or the
   * partition thread for a local one) through a direct executor, not on Hazelcast's default
   * asynchronous executor: Hazelcast 5.6's {@code whenComplete} on an invocation future is
   * {@code whenCompleteAsync} on that executor (a ForkJoinPool hand-off, about 15 µs more per
   * increment at one caller: docs/benchmarks.md, issue 19's before and after), whereas {@code
   * whenCompleteAsync} with an executor hands the action to it at once. The action only completes
   * futures (whose callers continue on their own contexts); a next batch is sent from {@link
   * #NEXT}, since Hazelcast's response thread may not make remote calls.
   */
  private void send(String key, List<Step> batch) {
    batchSteps.accept(batch.size());
    try {
      if (batch.size() == 1) {
        Step step = batch.get(0);
        map.submitToKey(key, new IncrementProcessor(step.step(), step.create()))
            .whenCompleteAsync((outcome, failure) -> {
              try {
                complete(step, outcome, failure);
              } finally {
                sendNext(key);
              }
            }, DIRECT);
      } else {
        map.submitToKey(key, new BatchIncrementProcessor(batch))
            .whenCompleteAsync((outcomes, failure) -> {
              try {
                for (int i = 0; i < batch.size(); i++) {
                  complete(batch.get(i), failure == null ? outcomes.get(i) : null, failure);
                }
              } finally {
                sendNext(key);
              }
            }, DIRECT);
      }
    } catch (RuntimeException e) {
      batch.forEach(step -> complete(step, null, e));
      sendNext(key);
    }
  }

  /** Completes one caller's outcome; what a caller's callback throws stays with that caller. */
  private static void complete(Step step, Object outcome, Throwable failure) {
    try {
      if (failure != null) {
        step.outcome().completeExceptionally(failure);
      } else {
        step.outcome().complete(outcome);
      }
    } catch (RuntimeException e) {
      LOG.warn("A GlobalData increment's completion failed", e);
    }
  }

  private void sendNext(String key) {
    List<Step> next = new ArrayList<>();
    inFlight.compute(key, (k, waiting) -> {
      if (waiting.isEmpty()) {
        return null;
      }
      while (next.size() < MAX_STEPS && !waiting.isEmpty()) {
        next.add(waiting.poll());
      }
      return waiting;
    });
    if (!next.isEmpty()) {
      NEXT.execute(() -> send(key, next));
    }
  }

  /**
   * One caller's increment.
   *
   * @param step    the amount to add
   * @param create  whether an absent key counts as 0
   * @param outcome completed with its outcome on the owner, or failed with Hazelcast's failure
   */
  record Step(Number step, boolean create, CompletableFuture<Object> outcome) {
  }
}
