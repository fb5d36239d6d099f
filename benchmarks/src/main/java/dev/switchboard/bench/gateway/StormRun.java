package dev.switchboard.bench.gateway;

/**
 * One run of the reconnect storm ({@link StormScenario}).
 *
 * @param round          the round, from 1
 * @param opened         clients open on node A before the kill
 * @param result         the load generator's figures, or null when the run failed
 * @param peakCores      node B's most cores busy over one sampling period during the storm
 * @param peakRssBytes   node B's largest RSS ({@code VmHWM}) at the end
 * @param heapAfterBytes node B's heap after a full collection, once the storm was over
 * @param statusPolls    {@code GET /status} requests made to B during the storm
 * @param statusFailures those that failed or took over the bound
 * @param statusMaxMillis the slowest answer
 * @param loopDelay      node B's event-loop delays during the storm
 * @param bAlive         whether B was still running at the end
 * @param failure        why the run failed, or null
 */
record StormRun(int round, long opened, StormResult result, double peakCores, long peakRssBytes,
                long heapAfterBytes, long statusPolls, long statusFailures,
                double statusMaxMillis, LoopDelay loopDelay, boolean bAlive, String failure) {

  /**
   * @param round   the round
   * @param failure why it failed
   * @return a run without figures
   */
  static StormRun failed(int round, String failure) {
    return new StormRun(round, 0, null, Double.NaN, -1, -1, 0, 0, Double.NaN, LoopDelay.NONE,
        false, failure);
  }

  /** @return whether it produced figures */
  boolean ok() {
    return failure == null;
  }

  /** @return whether B stayed up and answered every status poll */
  boolean responsive() {
    return ok() && bAlive && statusFailures == 0;
  }
}
