package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the scale load generator reported of a reconnect storm (its {@code storm-result} line):
 * times from the first close a client saw (node A killed) until a share of the clients were open
 * on node B again, milliseconds, NaN when fewer came back.
 *
 * @param clients  clients open on A before the kill
 * @param back     clients open on B at the end
 * @param p50      time until 50 % were back
 * @param p90      90 %
 * @param p99      99 %
 * @param all      100 %
 * @param refusals failed reconnection attempts by kind ({@code http <status>},
 *                 {@code close <code> <reason>}, {@code error <code>})
 * @param closes   closes the clients saw while open, by code and reason (A's kill: 1006)
 */
record StormResult(long clients, long back, double p50, double p90, double p99, double all,
                   Map<String, Long> refusals, Map<String, Long> closes) {

  /**
   * @param json the result line
   * @return its figures
   */
  static StormResult of(JsonObject json) {
    return new StormResult(json.getLong("clients", 0L), json.getLong("back", 0L),
        LoopDelay.number(json, "p50Ms"), LoopDelay.number(json, "p90Ms"),
        LoopDelay.number(json, "p99Ms"), LoopDelay.number(json, "allMs"),
        counts(json.getJsonObject("refusals")), counts(json.getJsonObject("closes")));
  }

  /**
   * @param json key to count, or null
   * @return the same, sorted by key
   */
  static Map<String, Long> counts(JsonObject json) {
    Map<String, Long> out = new TreeMap<>();
    if (json != null) {
      json.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    return out;
  }

  /** @return failed reconnection attempts, every kind */
  long refused() {
    return refusals.values().stream().mapToLong(Long::longValue).sum();
  }
}
