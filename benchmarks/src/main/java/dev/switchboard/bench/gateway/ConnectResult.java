package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;

/**
 * What one connect load-generator run reported ({@code benchmarks/gateway/connect-loadgen.js},
 * its {@code result} line). Latencies in milliseconds, NaN when there was no sample.
 *
 * @param concurrency       cycles in flight
 * @param accepted          clients confirmed over the whole run, warm-up included
 * @param windowAccepted    clients confirmed in the measured window
 * @param acceptedPerSecond windowAccepted per second of window
 * @param rejected          clients the server refused (HTTP status, Socket.IO CONNECT_ERROR),
 *                          whole run: must be 0, every client presents a valid token
 * @param firstRejection    what the first refusal said, or null
 * @param errors            cycles that failed otherwise (timeouts, resets), whole run
 * @param firstError        the first failure, or null
 * @param p50               median handshake latency of the window's clients, new socket to
 *                          confirmation
 * @param p99               99th percentile
 * @param p999              99.9th percentile
 * @param max               the largest
 */
record ConnectResult(int concurrency, long accepted, long windowAccepted,
                     double acceptedPerSecond, long rejected, String firstRejection, long errors,
                     String firstError, double p50, double p99, double p999, double max) {

  /**
   * @param json the result line
   * @return its figures
   */
  static ConnectResult of(JsonObject json) {
    boolean samples = json.getLong("samples", 0L) > 0;
    return new ConnectResult(json.getInteger("concurrency", 0), json.getLong("accepted", 0L),
        json.getLong("windowAccepted", 0L), number(json, "acceptedPerSecond"),
        json.getLong("rejected", 0L), json.getString("firstRejection"),
        json.getLong("errors", 0L), json.getString("firstError"), number(json, "p50Ms"),
        number(json, "p99Ms"), number(json, "p999Ms"),
        samples ? number(json, "maxMs") : Double.NaN);
  }

  private static double number(JsonObject json, String key) {
    Number n = json.getNumber(key);
    return n == null ? Double.NaN : n.doubleValue();
  }

  /**
   * @return why these figures do not count, or null when they do: a client refused (every
   *     client presents a valid token), a cycle failed, or no client confirmed in the window
   */
  String problem() {
    if (rejected > 0) {
      return rejected + " client(s) rejected, first: " + firstRejection;
    }
    if (errors > 0) {
      return errors + " connection(s) failed, first: " + firstError;
    }
    return windowAccepted == 0 ? "no client confirmed in the window" : null;
  }
}
