package dev.switchboard.bench.gateway;

import java.time.Duration;

/**
 * One connect run: one server, one round.
 *
 * @param server  the server
 * @param round   the round, from 1
 * @param load    the load generator's figures, or null when the run failed
 * @param cpu     CPU in the measured window
 * @param failure why the run failed, or null
 */
record ConnectRun(ConnectServer server, int round, ConnectResult load, WindowCpu cpu,
                  String failure) {

  /**
   * @return a run that failed
   */
  static ConnectRun failed(ConnectServer server, int round, String failure) {
    return new ConnectRun(server, round, null, WindowCpu.NONE, failure);
  }

  /**
   * @return whether the run produced figures (it may still have refused or failed clients: see
   *     {@link #clean()})
   */
  boolean ok() {
    return failure == null && load != null;
  }

  /**
   * @return whether it produced figures with every client accepted and none failed
   */
  boolean clean() {
    return ok() && load.problem() == null;
  }

  /**
   * @return the server's CPU per client accepted in the window, µs (closing included)
   */
  double serverMicrosPerConnection() {
    return ok() ? WindowCpu.microsPerDelivery(cpu.serverSeconds(), load.windowAccepted())
        : Double.NaN;
  }

  /**
   * @param window the measured window
   * @return the load generator's processes' CPU in the window over its length: the cores they
   *     kept busy (near 1 per process: the load generator, not the server, set the pace)
   */
  double loadCores(Duration window) {
    return ok() ? cpu.loadSeconds() / (window.toNanos() / 1e9) : Double.NaN;
  }

  /**
   * @return the load generator's CPU per client accepted in the window, µs
   */
  double loadMicrosPerConnection() {
    return ok() ? WindowCpu.microsPerDelivery(cpu.loadSeconds(), load.windowAccepted())
        : Double.NaN;
  }
}
