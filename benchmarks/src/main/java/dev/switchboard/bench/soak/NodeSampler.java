package dev.switchboard.bench.soak;

import dev.switchboard.bench.gateway.JvmHeap;
import dev.switchboard.bench.gateway.ProcStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples every running node at a fixed interval: its heap in use right after a full collection
 * forced with {@code jcmd PID GC.run} ({@link JvmHeap}: {@code System.gc()} in the node, then
 * {@code GC.heap_info}), its open file descriptors ({@code /proc/PID/fd}), threads and resident
 * memory ({@code /proc/PID/status}). A node being restarted is skipped.
 *
 * <p>Thread-safe: one sampling thread of its own; {@link #samples()} from any thread.
 */
final class NodeSampler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSampler.class);

  /** One sample of one node. */
  record Sample(double seconds, int node, int incarnation, long pid, long heapAfterGc,
                long openFiles, long threads, long rss) {
  }

  private final SoakCluster cluster;
  private final long startNanos;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-sampler");
    t.setDaemon(true);
    return t;
  });

  NodeSampler(SoakCluster cluster, long startNanos) {
    this.cluster = cluster;
    this.startNanos = startNanos;
  }

  /**
   * @param everySeconds the interval
   */
  void start(long everySeconds) {
    timer.scheduleAtFixedRate(this::sampleAll, 0, everySeconds, TimeUnit.SECONDS);
  }

  /** Samples every running node once more, now (the main thread at the end of the load). */
  void sampleAllNow() throws Exception {
    timer.submit(this::sampleAll).get(5, TimeUnit.MINUTES);
  }

  private void sampleAll() {
    for (SoakCluster.Incarnation node : cluster.running()) {
      if (node.pid() <= 0) {
        continue;
      }
      try {
        long heap = JvmHeap.usedAfterGc(node.pid());
        Sample sample = new Sample((System.nanoTime() - startNanos) / 1e9, node.node(),
            node.incarnation(), node.pid(), heap, ProcStatus.openFiles(node.pid()),
            ProcStatus.threads(node.pid()), ProcStatus.rssBytes(node.pid()));
        synchronized (samples) {
          samples.add(sample);
        }
        LOG.info("node {}.{} at {} s: heap after GC {} MiB, {} fds, {} threads, RSS {} MiB",
            sample.node(), sample.incarnation(), Math.round(sample.seconds()),
            heap >> 20, sample.openFiles(), sample.threads(), sample.rss() >> 20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.info("node {} not sampled (restarting?): {}", node.node(), e.toString());
      }
    }
  }

  /** @return the samples so far, in time order */
  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
