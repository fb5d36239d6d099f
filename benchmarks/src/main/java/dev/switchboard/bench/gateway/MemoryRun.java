package dev.switchboard.bench.gateway;

import java.util.List;

/**
 * One memory run: a fresh server's memory before and after opening idle connections.
 *
 * @param server  the server
 * @param round   the round, from 1
 * @param opened  connections opened
 * @param errors  connections that failed to open
 * @param before  after a full collection, before the connections (after the priming ones closed)
 * @param after   after a full collection, with every connection open
 * @param classes ours only: the classes whose live objects grew the most (jcmd class
 *                histograms, after − before), else empty
 * @param failure why the run failed, or null
 */
record MemoryRun(ServerKind server, int round, int opened, int errors, ServerMemory before,
                 ServerMemory after, List<ClassHistogram.Entry> classes, String failure) {

  /**
   * @return a run that failed
   */
  static MemoryRun failed(ServerKind server, int round, String failure) {
    return new MemoryRun(server, round, 0, 0, null, null, List.of(), failure);
  }

  /**
   * @return whether the run produced figures
   */
  boolean ok() {
    return failure == null && opened > 0;
  }

  /**
   * @return resident memory per connection, bytes
   */
  double rssPerConnection() {
    return ok() ? (double) (after.rssBytes() - before.rssBytes()) / opened : Double.NaN;
  }

  /**
   * @return managed heap per connection after collection, bytes
   */
  double heapPerConnection() {
    return ok() ? (double) (after.heapBytes() - before.heapBytes()) / opened : Double.NaN;
  }

  /**
   * @return Node's external memory per connection, bytes (NaN for a JVM)
   */
  double externalPerConnection() {
    return ok() && before.externalBytes() >= 0
        ? (double) (after.externalBytes() - before.externalBytes()) / opened : Double.NaN;
  }
}
