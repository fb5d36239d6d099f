package dev.switchboard.bench.channel;

/**
 * One measured paced cell: one system, N subscribers, one round, a fixed publish rate.
 *
 * @param system      the system's label
 * @param key         the system's key
 * @param subscribers N
 * @param round       the round, from 1
 * @param rate        publishes a second offered
 * @param deliveries  events received by all subscribers within the window, a second
 * @param p50Micros   median latency from the intended publish time to the subscriber's handler,
 *                    µs (-1: none)
 * @param p99Micros   its 99th percentile, µs
 * @param p999Micros  its 99.9th percentile, µs
 * @param maxMicros   its maximum, µs
 * @param sent        publishes sent in the whole cell (warm-up included)
 * @param acked       of those, acknowledged
 * @param missing     acknowledged events a subscriber did not get, summed
 * @param backwards   events received out of order, twice, or not the benchmark's, summed
 * @param serverDrops events the servers dropped during the cell, -1 when unknown
 * @param machineBusy share of the machine busy in the window, 0 to 1
 * @param failure     why the cell failed, or null
 */
record PacedResult(String system, String key, int subscribers, int round, double rate,
                   double deliveries, double p50Micros, double p99Micros, double p999Micros,
                   double maxMicros, long sent, long acked, long missing, long backwards,
                   long serverDrops, double machineBusy, String failure) {

  /** @return a result for a cell that could not run */
  static PacedResult failed(PubSubSystem system, int subscribers, int round, double rate,
                            String failure) {
    return new PacedResult(system.label(), system.key(), subscribers, round, rate, 0, -1, -1, -1,
        -1, 0, 0, 0, 0, -1, -1, failure);
  }

  /** @return whether every subscriber got every acknowledged publish once, in order */
  boolean passed() {
    return failure == null && missing == 0 && backwards == 0 && acked == sent;
  }
}
