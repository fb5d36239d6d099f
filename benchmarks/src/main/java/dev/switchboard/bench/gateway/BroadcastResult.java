package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;

/**
 * What the scale load generator reported of a broadcast run (its {@code broadcast-result} line).
 * Latencies in milliseconds, of the sampled clients only, NaN without samples.
 *
 * @param sent                messages sent
 * @param expected            deliveries expected: messages × clients
 * @param deliveries          deliveries counted by every client
 * @param deliveriesPerSecond deliveries per second of sending (messages × interval)
 * @param sampleEvery         one client in this many recorded latencies
 * @param samples             latencies recorded
 * @param p50                 median send-to-receive latency
 * @param p99                 99th percentile
 * @param p999                99.9th percentile
 * @param max                 the largest
 */
record BroadcastResult(long sent, long expected, long deliveries, double deliveriesPerSecond,
                       int sampleEvery, long samples, double p50, double p99, double p999,
                       double max) {

  /**
   * @param json the result line
   * @return its figures
   */
  static BroadcastResult of(JsonObject json) {
    boolean samples = json.getLong("samples", 0L) > 0;
    return new BroadcastResult(json.getLong("sent", 0L), json.getLong("expected", 0L),
        json.getLong("deliveries", 0L), LoopDelay.number(json, "deliveriesPerSecond"),
        json.getInteger("sampleEvery", 1), json.getLong("samples", 0L),
        LoopDelay.number(json, "p50Ms"), LoopDelay.number(json, "p99Ms"),
        LoopDelay.number(json, "p999Ms"), samples ? LoopDelay.number(json, "maxMs") : Double.NaN);
  }

  /** @return deliveries missing (lost, or still in flight after the drain) */
  long missing() {
    return Math.max(0, expected - deliveries);
  }
}
