package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.SendResult;

/**
 * Counts one broadcast's send results across connections.
 *
 * <p>Threading: used on one context.
 */
final class BroadcastTally {

  private final int[] counts = new int[SendResult.values().length];

  void add(SendResult result) {
    counts[result.ordinal()]++;
  }

  BroadcastResult result() {
    return new BroadcastResult(counts[SendResult.WRITTEN.ordinal()],
        counts[SendResult.QUEUED.ordinal()], counts[SendResult.DROPPED.ordinal()],
        counts[SendResult.CLOSED.ordinal()]);
  }
}
