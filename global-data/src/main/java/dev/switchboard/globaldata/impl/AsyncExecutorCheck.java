package dev.switchboard.globaldata.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warns once per JVM when Hazelcast will start a new thread for each of its internal
 * asynchronous callbacks: it uses the common ForkJoinPool only when that pool's parallelism is at
 * least 2, which the JDK sets to the number of cores minus one (so 1 on a 2-core machine).
 * {@code bin/vertx} passes {@value #FLAG}{@code =2} on such machines.
 *
 * <p>Thread-safe.
 */
final class AsyncExecutorCheck {

  /** The JVM flag that sets the common pool's parallelism. */
  static final String FLAG = "-Djava.util.concurrent.ForkJoinPool.common.parallelism";

  private static final Logger LOG = LoggerFactory.getLogger(AsyncExecutorCheck.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private AsyncExecutorCheck() {
  }

  static void warnOnce() {
    int parallelism = ForkJoinPool.getCommonPoolParallelism();
    if (parallelism < 2 && CHECKED.compareAndSet(false, true)) {
      LOG.warn("The common ForkJoinPool has parallelism {}: Hazelcast then starts a thread for "
          + "each asynchronous callback, which costs GlobalData most of its throughput. Run the "
          + "JVM with {}=2 (bin/vertx does)", parallelism, FLAG);
    }
  }
}
