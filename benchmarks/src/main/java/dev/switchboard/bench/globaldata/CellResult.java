package dev.switchboard.bench.globaldata;

import java.time.Instant;

/**
 * The outcome of one measured cell.
 *
 * @param mode         member or client
 * @param workload     the operation and key set
 * @param callers      concurrent callers
 * @param seconds      length of the measured window
 * @param operations   successful operations in the window
 * @param p50Micros    median latency in microseconds, -1 when none
 * @param p99Micros    99th percentile latency in microseconds, -1 when none
 * @param samples      latency samples (for cas: every call, true or false)
 * @param conflicts    cas calls that returned false in the window (0 for increments)
 * @param errors       failed operations over the whole cell
 * @param applied      successful operations over the whole cell, warm-up included
 * @param stored       what the keys add up to after the cell, -1 when not read back
 * @param cpuUser      user CPU seconds of this JVM and the member JVMs in the window
 * @param cpuSystem    system CPU seconds of this JVM and the member JVMs in the window
 * @param machineBusy  share of the whole machine's CPU time that was busy in the window, 0 to 1,
 *                     -1 when unknown (the machine may be shared)
 * @param windowStart  wall-clock start of the measured window
 * @param windowEnd    wall-clock end of the measured window
 * @param failure      why the cell failed, or null
 */
record CellResult(Mode mode, Workload workload, int callers, double seconds, long operations,
                  double p50Micros, double p99Micros, long samples, long conflicts, long errors,
                  long applied, long stored, double cpuUser, double cpuSystem,
                  double machineBusy, Instant windowStart, Instant windowEnd, String failure) {

  /**
   * @param mode     member or client
   * @param workload the operation and key set
   * @param callers  concurrent callers
   * @param failure  why the cell failed
   * @return a result holding only the failure
   */
  static CellResult failed(Mode mode, Workload workload, int callers, String failure) {
    return new CellResult(mode, workload, callers, 0, 0, -1, -1, 0, 0, 0, 0, -1, 0, 0, -1, null,
        null, failure);
  }

  /**
   * @return successful operations per second in the window
   */
  double opsPerSecond() {
    return seconds > 0 ? operations / seconds : 0;
  }

  /**
   * @return CPU microseconds (user + system, this JVM and the member JVMs) per successful
   *     operation in the window, -1 when there was none
   */
  double cpuMicrosPerOp() {
    return operations > 0 ? (cpuUser + cpuSystem) * 1e6 / operations : -1;
  }

  /**
   * @return true when the keys hold exactly the successful operations (each adds 1)
   */
  boolean consistent() {
    return failure == null && stored == applied;
  }

  /**
   * @return "ok", or what is wrong with the cell
   */
  String check() {
    if (failure != null) {
      return "FAILED: " + failure;
    }
    if (stored < 0) {
      return "not read back";
    }
    return consistent() ? "ok" : "MISMATCH: " + applied + " applied, keys hold " + stored;
  }
}
