package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CpuSample;

import java.util.List;

/**
 * CPU time spent in a load generator's measured window by the server and by the load generator's
 * processes, and how busy the whole (possibly shared) machine was, from {@code /proc} samples
 * taken when the load generator announces the window's start and end.
 *
 * @param serverSeconds user + system CPU seconds of the server's process(es)
 * @param loadSeconds   user + system CPU seconds of the load generator's processes
 * @param machineBusy   the machine's busy share in the window, 0 to 1, or -1 when unknown
 */
record WindowCpu(double serverSeconds, double loadSeconds, double machineBusy) {

  /** A load generator's measured window, announced on its output. */
  interface Window {

    /** Waits for the start of the measured window. */
    void awaitWindowStart();

    /** Waits for the end of the measured window. */
    void awaitWindowEnd();

    /** @return the load generator's processes */
    List<Long> pids();
  }

  /** No figures: the run failed before its window. */
  static final WindowCpu NONE = new WindowCpu(Double.NaN, Double.NaN, -1);

  /**
   * Waits for the window's start and end, sampling at each.
   *
   * @param load      the running load generator, its connections open
   * @param serverPid the server process
   * @return the window's CPU figures
   */
  static WindowCpu measure(Window load, long serverPid) {
    return measure(load, List.of(serverPid));
  }

  /**
   * Waits for the window's start and end, sampling at each.
   *
   * @param load       the running load generator, its connections open
   * @param serverPids the server's processes, whose CPU times add up
   * @return the window's CPU figures
   */
  static WindowCpu measure(Window load, List<Long> serverPids) {
    load.awaitWindowStart();
    CpuSample server0 = CpuSample.take(serverPids);
    CpuSample load0 = CpuSample.take(load.pids());
    load.awaitWindowEnd();
    CpuSample server1 = CpuSample.take(serverPids);
    CpuSample load1 = CpuSample.take(load.pids());
    return new WindowCpu(
        server0.userSecondsUntil(server1) + server0.systemSecondsUntil(server1),
        load0.userSecondsUntil(load1) + load0.systemSecondsUntil(load1),
        server0.machineBusyUntil(server1));
  }

  /**
   * @param seconds    CPU seconds
   * @param deliveries deliveries (or accepted connections) in the window
   * @return microseconds of CPU per delivery (connection), NaN when there was none
   */
  static double microsPerDelivery(double seconds, long deliveries) {
    return deliveries <= 0 ? Double.NaN : seconds * 1e6 / deliveries;
  }
}
