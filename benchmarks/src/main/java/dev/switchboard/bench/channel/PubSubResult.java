package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.IoSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured pub/sub cell: one system, N subscribers, one round.
 *
 * @param system            the system's label
 * @param key               the system's key
 * @param subscribers       N
 * @param round             the round, from 1
 * @param seconds           the measured window
 * @param publishes         publishes acknowledged within the window
 * @param deliveries        events received by all subscribers within the window
 * @param p50Micros         median publish-to-delivery latency in the window, µs (-1: none)
 * @param p99Micros         99th percentile of it, µs (-1: none)
 * @param sent              publishes sent in the whole cell (warm-up included)
 * @param acked             of those, acknowledged
 * @param received          events received by all subscribers in the whole cell
 * @param missing           events a subscriber never got before a later one, summed
 * @param backwards         events received out of order or twice, summed
 * @param serverDrops       events the servers dropped (full send buffer; between federated
 *                          servers, messages a peer's full window refused) during the cell, -1
 *                          when the system has no such counter
 * @param loadCpuSeconds    user + system CPU of the load-generator JVM in the window
 * @param serverCpuSeconds  user + system CPU of the server processes in the window
 * @param serverSystemSeconds of that, system (kernel) CPU
 * @param serverIo          read and write system calls of the server processes in the window
 * @param loadIo            read and write system calls of the load generator in the window
 * @param machineBusy       share of the whole machine busy in the window, 0 to 1, -1 unknown
 * @param windowStart       the window's start, wall clock (for flight recordings)
 * @param windowEnd         the window's end, wall clock
 * @param failure           why the cell failed, or null
 */
record PubSubResult(String system, String key, int subscribers, int round, double seconds,
                    long publishes, long deliveries, double p50Micros, double p99Micros,
                    long sent, long acked, long received, long missing, long backwards,
                    long serverDrops, double loadCpuSeconds, double serverCpuSeconds,
                    double serverSystemSeconds, IoSample serverIo, IoSample loadIo,
                    double machineBusy, Instant windowStart,
                    Instant windowEnd, String failure) {

  /**
   * @return a result for a cell that could not run
   */
  static PubSubResult failed(PubSubSystem system, int subscribers, int round, String failure) {
    return failed(system.label(), system.key(), subscribers, round, failure);
  }

  /**
   * @return a result for a cell that could not run, under another system label and key
   */
  static PubSubResult failed(String system, String key, int subscribers, int round,
                             String failure) {
    return new PubSubResult(system, key, subscribers, round, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, -1,
        0, 0, 0, new IoSample(0, 0), new IoSample(0, 0), -1, Instant.EPOCH, Instant.EPOCH,
        failure);
  }

  /**
   * @param otherSystem another system label
   * @param otherKey    another key
   * @return this cell under that label and key (the same system reached another way)
   */
  PubSubResult as(String otherSystem, String otherKey) {
    return new PubSubResult(otherSystem, otherKey, subscribers, round, seconds, publishes,
        deliveries, p50Micros, p99Micros, sent, acked, received, missing, backwards, serverDrops,
        loadCpuSeconds, serverCpuSeconds, serverSystemSeconds, serverIo, loadIo, machineBusy,
        windowStart, windowEnd, failure);
  }

  /**
   * @return events received by all subscribers per second of the window
   */
  double deliveriesPerSecond() {
    return seconds <= 0 ? 0 : deliveries / seconds;
  }

  /**
   * @return publishes acknowledged per second of the window
   */
  double publishesPerSecond() {
    return seconds <= 0 ? 0 : publishes / seconds;
  }

  /**
   * @return events every subscriber should have received: each acknowledged publish, once per
   *     subscriber
   */
  long expected() {
    return acked * subscribers;
  }

  /**
   * @return events not received (negative: more than expected)
   */
  long lost() {
    return expected() - received;
  }

  /**
   * @return whether the cell ran, every subscriber got every acknowledged publish exactly once in
   *     order, and no publish failed
   */
  boolean consistent() {
    return failure == null && lost() == 0 && missing == 0 && backwards == 0 && sent == acked;
  }

  /**
   * @return "ok", or what went wrong
   */
  String check() {
    if (failure != null) {
      return "FAILED: " + failure;
    }
    List<String> problems = new ArrayList<>();
    if (lost() != 0) {
      problems.add(lost() > 0 ? lost() + " lost" : -lost() + " extra");
    }
    if (missing != 0) {
      problems.add(missing + " skipped");
    }
    if (backwards != 0) {
      problems.add(backwards + " out of order");
    }
    if (sent != acked) {
      problems.add((sent - acked) + " publishes failed");
    }
    if (serverDrops > 0) {
      problems.add(serverDrops + " dropped by the server(s)");
    }
    return problems.isEmpty() ? "ok" : String.join(", ", problems);
  }

  /**
   * @return CPU µs of the load generator per delivery in the window, -1 when unknown
   */
  double loadCpuMicrosPerDelivery() {
    return deliveries <= 0 || loadCpuSeconds <= 0 ? -1 : loadCpuSeconds * 1e6 / deliveries;
  }

  /**
   * @return the share of the servers' CPU spent in the kernel, 0 to 1, -1 when unknown
   */
  double serverSystemShare() {
    return serverCpuSeconds <= 0 ? -1 : serverSystemSeconds / serverCpuSeconds;
  }

  /**
   * @return write system calls of the servers per delivery in the window, -1 when unknown
   */
  double serverWritesPerDelivery() {
    return deliveries <= 0 || serverIo.writeCalls() <= 0 ? -1
        : (double) serverIo.writeCalls() / deliveries;
  }

  /**
   * @return read system calls of the load generator per delivery in the window, -1 when unknown
   */
  double loadReadsPerDelivery() {
    return deliveries <= 0 || loadIo.readCalls() <= 0 ? -1
        : (double) loadIo.readCalls() / deliveries;
  }

  /**
   * @return CPU µs of the servers per delivery in the window, -1 when unknown
   */
  double serverCpuMicrosPerDelivery() {
    return deliveries <= 0 || serverCpuSeconds <= 0 ? -1 : serverCpuSeconds * 1e6 / deliveries;
  }
}
