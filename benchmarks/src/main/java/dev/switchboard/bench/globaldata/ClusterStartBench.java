package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.NodeProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How long a 3-node loopback cluster takes to be ready: in this JVM with
 * {@link ClusterNodes#start(int)} (first in a fresh JVM, then again once warm), and as three
 * child JVMs ({@link NodeProcess}) started one after the other, from the first launch to the
 * third READY line.
 *
 * <p>Not thread-safe: run it from the main thread.
 */
final class ClusterStartBench {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStartBench.class);

  private static final int NODES = 3;

  /**
   * One timing.
   *
   * @param label  what was started
   * @param millis launch to ready, in milliseconds, -1 when it failed
   * @param detail per-node times or the failure
   */
  record Result(String label, long millis, String detail) {
  }

  private ClusterStartBench() {
  }

  /**
   * Runs the three timings; a failed one is reported, not thrown.
   *
   * @param cleanup where the started nodes are registered until closed
   * @return the timings
   */
  static List<Result> run(Cleanup cleanup) {
    List<Result> results = new ArrayList<>();
    results.add(inJvm(cleanup, "3 nodes in one JVM, ClusterNodes.start(3), first in a fresh JVM"));
    results.add(inJvm(cleanup, "3 nodes in one JVM, ClusterNodes.start(3), again (warm JVM)"));
    results.add(processes(cleanup));
    return results;
  }

  private static Result inJvm(Cleanup cleanup, String label) {
    long start = System.nanoTime();
    try {
      ClusterNodes nodes = ClusterNodes.start(NODES);
      long millis = millisSince(start);
      Cleanup.Registration registration = cleanup.register("in-JVM cluster", nodes);
      try {
        LOG.info("{}: {} ms", label, millis);
        return new Result(label, millis, "cluster " + nodes.clusterName());
      } finally {
        registration.close();
      }
    } catch (Exception e) {
      LOG.warn("{} failed: {}", label, e.toString());
      return new Result(label, -1, "failed: " + e);
    }
  }

  private static Result processes(Cleanup cleanup) {
    String label = "3 nodes as 3 JVMs, NodeProcess.start one after the other";
    String clusterName = "sb-bench-start-" + UUID.randomUUID();
    List<Cleanup.Registration> started = new ArrayList<>();
    List<String> members = new ArrayList<>();
    List<Long> readyAt = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < NODES; i++) {
        NodeProcess node = NodeProcess.start(clusterName, List.copyOf(members));
        readyAt.add(millisSince(start));
        members.add(node.memberAddress());
        started.add(cleanup.register("member JVM pid " + node.pid(), node));
      }
      long millis = readyAt.get(NODES - 1);
      LOG.info("{}: {} ms (READY at {} ms)", label, millis, readyAt);
      return new Result(label, millis, "READY at " + readyAt + " ms after the first launch");
    } catch (Exception e) {
      LOG.warn("{} failed: {}", label, e.toString());
      return new Result(label, -1, "failed: " + e);
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
