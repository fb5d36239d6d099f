package dev.switchboard.gateway.impl;

import io.vertx.core.json.JsonObject;

/**
 * The counters of one gateway verticle.
 *
 * <p>Threading: updated and read on the verticle's context only; {@link #snapshot()} copies them
 * for other threads.
 */
public final class GatewayStats {

  private final long[] values = new long[Counter.ALL.length];

  /** Adds one to a counter. */
  public void increment(Counter counter) {
    values[counter.ordinal()]++;
  }

  /** Adds to a counter. */
  public void add(Counter counter, long delta) {
    values[counter.ordinal()] += delta;
  }

  long get(Counter counter) {
    return values[counter.ordinal()];
  }

  /**
   * @return a copy of the counters
   */
  long[] snapshot() {
    return values.clone();
  }

  /**
   * @param values counters as {@link #snapshot()} gives them
   * @param json   where to put them, under their keys
   * @return json
   */
  static JsonObject toJson(long[] values, JsonObject json) {
    for (Counter counter : Counter.ALL) {
      json.put(counter.key(), values[counter.ordinal()]);
    }
    return json;
  }

  /**
   * @param sum    the running sum, changed
   * @param values counters to add
   */
  static void sum(long[] sum, long[] values) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += values[i];
    }
  }
}
