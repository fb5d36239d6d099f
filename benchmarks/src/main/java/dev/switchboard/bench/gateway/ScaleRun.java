package dev.switchboard.bench.gateway;

import java.util.Map;

/**
 * One run of the idle100k / broadcast100k scenarios ({@link ScaleScenario}) against our server.
 *
 * @param round           the round, from 1
 * @param connections     clients asked for
 * @param opened          clients open once the load generator was done opening
 * @param errors          clients that failed to open
 * @param acceptMillis    from the first attempt to the last client open
 * @param before          the server's memory before the clients (after a full collection)
 * @param after           the same with every client open, after the idle window
 * @param acceptDelay     event-loop delays while the clients were opening
 * @param idleDelay       event-loop delays in the idle window (heartbeat sweeps)
 * @param idleSeconds     the idle window's length
 * @param idleCpuSeconds  the server's CPU in the idle window
 * @param openAfterIdle   clients still open after the idle window
 * @param closes          closes the clients saw before the end, by code and reason (must be none)
 * @param broadcast       the broadcast's figures, or null when not run
 * @param broadcastDelay  event-loop delays during the broadcast
 * @param broadcastCpuSeconds the server's CPU during the broadcast
 * @param failure         why the run failed, or null
 */
record ScaleRun(int round, int connections, long opened, long errors, double acceptMillis,
                ServerMemory before, ServerMemory after, LoopDelay acceptDelay,
                LoopDelay idleDelay, double idleSeconds, double idleCpuSeconds,
                long openAfterIdle, Map<String, Long> closes, BroadcastResult broadcast,
                LoopDelay broadcastDelay, double broadcastCpuSeconds, String failure) {

  /**
   * @param round   the round
   * @param failure why it failed
   * @return a run without figures
   */
  static ScaleRun failed(int round, String failure) {
    return new ScaleRun(round, 0, 0, 0, Double.NaN, null, null, LoopDelay.NONE, LoopDelay.NONE,
        Double.NaN, Double.NaN, 0, Map.of(), null, LoopDelay.NONE, Double.NaN, failure);
  }

  /** @return whether it produced figures */
  boolean ok() {
    return failure == null;
  }

  /** @return whether every client opened and stayed open through the idle window */
  boolean held() {
    return ok() && errors == 0 && opened == connections && openAfterIdle == connections
        && closes.isEmpty();
  }

  /** @return RSS growth per open client, bytes */
  double rssPerConnection() {
    return opened == 0 ? Double.NaN : (after.rssBytes() - before.rssBytes()) / (double) opened;
  }

  /** @return heap growth per open client (after full collections), bytes */
  double heapPerConnection() {
    return opened == 0 ? Double.NaN : (after.heapBytes() - before.heapBytes()) / (double) opened;
  }

  /** @return the server's cores busy in the idle window (CPU seconds per second) */
  double idleCores() {
    return idleSeconds > 0 ? idleCpuSeconds / idleSeconds : Double.NaN;
  }
}
