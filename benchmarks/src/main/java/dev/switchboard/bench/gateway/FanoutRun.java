package dev.switchboard.bench.gateway;

/**
 * One load-generator run of the broadcast fan-out or the cross-node group send: one server (for
 * the group send, one side: its nodes, sender and broker), one round.
 *
 * @param server  the server (the side)
 * @param round   the round, from 1
 * @param load    the load generator's figures, or null when the run failed
 * @param cpu     CPU in the measured window
 * @param failure why the run failed, or null
 */
record FanoutRun(ServerKind server, int round, LoadResult load, WindowCpu cpu, String failure) {

  /**
   * @return a run that failed
   */
  static FanoutRun failed(ServerKind server, int round, String failure) {
    return new FanoutRun(server, round, null, WindowCpu.NONE, failure);
  }

  /**
   * @return whether the run produced figures
   */
  boolean ok() {
    return failure == null;
  }

  /**
   * @return the server's (the side's processes') CPU per delivery received in the window, µs
   */
  double serverMicrosPerDelivery() {
    return ok() ? WindowCpu.microsPerDelivery(cpu.serverSeconds(), load.windowReceived())
        : Double.NaN;
  }

  /**
   * @return the load generator's CPU per delivery received in the window, µs
   */
  double loadMicrosPerDelivery() {
    return ok() ? WindowCpu.microsPerDelivery(cpu.loadSeconds(), load.windowReceived())
        : Double.NaN;
  }
}
