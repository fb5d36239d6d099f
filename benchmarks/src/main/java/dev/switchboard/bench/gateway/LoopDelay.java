package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Event-loop delays of our server over one phase, from its probe ({@link LoopDelayProbe}):
 * how late its periodic timers fired. Milliseconds.
 *
 * @param count timer firings recorded
 * @param p50   median lateness
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   the largest
 */
record LoopDelay(long count, double p50, double p99, double p999, double max) {

  /** No figures: the phase did not run. */
  static final LoopDelay NONE = new LoopDelay(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * @param json the probe's answer line
   * @return its figures, NaN where nothing was recorded
   */
  static LoopDelay of(JsonObject json) {
    long count = json.getLong("count", 0L);
    if (count == 0) {
      return NONE;
    }
    return new LoopDelay(count, number(json, "p50Ms"), number(json, "p99Ms"),
        number(json, "p999Ms"), number(json, "maxMs"));
  }

  static double number(JsonObject json, String key) {
    Number n = json.getNumber(key);
    return n == null ? Double.NaN : n.doubleValue();
  }
}
