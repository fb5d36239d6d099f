package dev.switchboard.globaldata.impl;

import com.hazelcast.map.IMap;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The most increments one Hazelcast operation carries. */
  static final int MAX_STEPS = 256;
  /** The most increments of one key that may wait on this node for the one in flight. */
  static final int MAX_WAITING = 16_384;

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

  /** Sends one batch; its completion sends the next one of the key, or ends the key's turn. */
  private void send(String key, List<Step> batch) {
    CompletionStage<?> sent;
    batchSteps.accept(batch.size());
    try {
      sent = batch.size() == 1 ? sendOne(key, batch.get(0)) : sendMany(key, batch);
    } catch (RuntimeException e) {
      batch.forEach(step -> step.outcome().completeExceptionally(e));
      sent = CompletableFuture.completedFuture(null);
    }
    sent.whenComplete((ignored, failure) -> sendNext(key));
  }

  private CompletionStage<?> sendOne(String key, Step step) {
    return map.submitToKey(key, new IncrementProcessor(step.step(), step.create()))
        .whenComplete((outcome, failure) -> {
          if (failure != null) {
            step.outcome().completeExceptionally(failure);
          } else {
            step.outcome().complete(outcome);
          }
        });
  }

  private CompletionStage<?> sendMany(String key, List<Step> batch) {
    return map.submitToKey(key, new BatchIncrementProcessor(batch))
        .whenComplete((outcomes, failure) -> {
          for (int i = 0; i < batch.size(); i++) {
            if (failure != null) {
              batch.get(i).outcome().completeExceptionally(failure);
            } else {
              batch.get(i).outcome().complete(outcomes.get(i));
            }
          }
        });
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
      send(key, next);
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
