package dev.switchboard.bench;

import dev.switchboard.testkit.NodeProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts and stops member JVMs through the testkit's {@link NodeProcess}, with extra JVM flags
 * for one child (the flight recorder) and a graceful stop (SIGTERM, so that the child's shutdown
 * hooks run and its recording is written) before the kill.
 *
 * <p>Thread-safe: starting is serialised, because the child's flags travel in a system property.
 */
final class ChildNodes {

  private static final Logger LOG = LoggerFactory.getLogger(ChildNodes.class);

  /** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
  private static final long GRACEFUL_STOP_SECONDS = 20;

  private ChildNodes() {
  }

  /**
   * Starts a member JVM and waits until it reports ready (bounded by the testkit).
   *
   * @param clusterName the cluster to join
   * @param members     {@code host:port} of the members already running
   * @param extraFlags  JVM flags added to {@value NodeProcess#JVM_FLAGS_PROPERTY}, without
   *                    whitespace inside a flag; empty for none
   * @return the running child
   * @throws Exception when it does not become ready
   */
  static synchronized NodeProcess start(String clusterName, List<String> members,
                                        List<String> extraFlags) throws Exception {
    String base = System.getProperty(NodeProcess.JVM_FLAGS_PROPERTY, "");
    if (base.isBlank()) {
      LOG.warn("System property {} is empty: the child JVM gets no Hazelcast Java 17 flags",
          NodeProcess.JVM_FLAGS_PROPERTY);
    }
    if (!extraFlags.isEmpty()) {
      System.setProperty(NodeProcess.JVM_FLAGS_PROPERTY, base + " " + String.join(" ", extraFlags));
    }
    try {
      return NodeProcess.start(clusterName, members);
    } finally {
      System.setProperty(NodeProcess.JVM_FLAGS_PROPERTY, base);
    }
  }

  /**
   * Stops a child: SIGTERM, a bounded wait for it to exit, then SIGKILL if it is still there.
   *
   * @param node the child
   * @throws InterruptedException when interrupted while waiting
   */
  static void stop(NodeProcess node) throws InterruptedException {
    ProcessHandle.of(node.pid()).ifPresent(handle -> {
      handle.destroy();
      try {
        handle.onExit().get(GRACEFUL_STOP_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Child pid={} still running {} s after SIGTERM, killing it", node.pid(),
            GRACEFUL_STOP_SECONDS);
      } catch (ExecutionException e) {
        LOG.debug("Waiting for child pid={} failed: {}", node.pid(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    node.close();
  }
}
