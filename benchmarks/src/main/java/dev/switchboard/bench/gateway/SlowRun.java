package dev.switchboard.bench.gateway;

/**
 * One slow-consumer run: a fresh server, normal clients, and (or not) stalled clients.
 *
 * @param server  the server
 * @param round   the round, from 1
 * @param stalled stalled clients in this run (0: the baseline)
 * @param load    the load generator's figures, or null when the run failed
 * @param cpu     CPU in the measured window
 * @param memory  the server's memory after the drain, stalled clients still connected, after a
 *                full collection; or null
 * @param failure why the run failed, or null
 */
record SlowRun(ServerKind server, int round, int stalled, LoadResult load, WindowCpu cpu,
               ServerMemory memory, String failure) {

  /**
   * @return a run that failed
   */
  static SlowRun failed(ServerKind server, int round, int stalled, String failure) {
    return new SlowRun(server, round, stalled, null, WindowCpu.NONE, null, failure);
  }

  /**
   * @return whether the run produced figures
   */
  boolean ok() {
    return failure == null;
  }
}
