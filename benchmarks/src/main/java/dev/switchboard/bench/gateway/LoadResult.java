package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;

/**
 * What one load-generator run reported ({@code benchmarks/gateway/loadgen.js}, its
 * {@code result} line). Latencies in milliseconds, NaN when there was no sample.
 *
 * @param opened              normal connections opened
 * @param stalledOpened       stalled connections opened
 * @param connectErrors       connections (sender included) that failed to open
 * @param firstError          the first connection error, or null
 * @param openMillis          how long opening every connection took
 * @param closedEarly         normal connections the server closed during the run
 * @param stalledClosed       stalled connections the server closed during the run
 * @param sent                messages the sender sent, warm-up included
 * @param windowSent          messages sent in the measured window
 * @param expected            windowSent times the normal connections
 * @param delivered           deliveries of the window's messages, until the drain ended
 * @param windowReceived      deliveries received in the window, whenever sent
 * @param deliveriesPerSecond windowReceived per second of window
 * @param expectedPerSecond   expected per second of window
 * @param gaps                messages normal connections skipped (lost)
 * @param reordered           messages that arrived after a later one
 * @param p50                 median send-to-receive latency of the window's messages
 * @param p99                 99th percentile
 * @param p999                99.9th percentile
 * @param max                 the largest
 * @param senderMaxLag        the sender's largest delay behind its schedule
 * @param lateSends           messages sent more than one interval late
 * @param receivedP50         median latency of the deliveries received in the window, whenever
 *                            sent: how far behind the server was while it was measured
 * @param receivedP99         their 99th percentile
 */
record LoadResult(int opened, int stalledOpened, int connectErrors, String firstError,
                  double openMillis, int closedEarly, int stalledClosed, long sent,
                  long windowSent, long expected, long delivered, long windowReceived,
                  double deliveriesPerSecond, double expectedPerSecond, long gaps, long reordered,
                  double p50, double p99, double p999, double max, double senderMaxLag,
                  long lateSends, double receivedP50, double receivedP99) {

  /**
   * @param json the result line
   * @return its figures
   */
  static LoadResult of(JsonObject json) {
    return new LoadResult(json.getInteger("opened", 0), json.getInteger("stalledOpened", 0),
        json.getInteger("connectErrors", 0), json.getString("firstError"),
        number(json, "openMillis"), json.getInteger("closedEarly", 0),
        json.getInteger("stalledClosed", 0), json.getLong("sent", 0L),
        json.getLong("windowSent", 0L), json.getLong("expected", 0L),
        json.getLong("delivered", 0L), json.getLong("windowReceived", 0L),
        number(json, "deliveriesPerSecond"), number(json, "expectedPerSecond"),
        json.getLong("gaps", 0L), json.getLong("reordered", 0L), number(json, "p50Ms"),
        number(json, "p99Ms"), number(json, "p999Ms"),
        json.getLong("samples", 0L) > 0 ? number(json, "maxMs") : Double.NaN,
        number(json, "senderMaxLagMs"), json.getLong("lateSends", 0L),
        number(json, "receivedP50Ms"), number(json, "receivedP99Ms"));
  }

  private static double number(JsonObject json, String key) {
    Number n = json.getNumber(key);
    return n == null ? Double.NaN : n.doubleValue();
  }

  /**
   * @return the share of the window's expected deliveries that arrived before the drain ended
   */
  double completeness() {
    return expected == 0 ? Double.NaN : (double) delivered / expected;
  }

  /**
   * @return true when the deliveries received in the window fell short of the offered load by
   *     more than 5%: the server or the load generator could not keep up, queues grew during the
   *     window and the latencies measure the run's length more than the server
   */
  boolean saturated() {
    return expectedPerSecond > 0 && deliveriesPerSecond < 0.95 * expectedPerSecond;
  }
}
