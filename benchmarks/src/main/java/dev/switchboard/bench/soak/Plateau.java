package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.Fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The plateau check of one node incarnation (one JVM, from its start to its stop or the end of
 * the run): its samples after the warm-up are split in thirds; the heap after a full collection
 * must not grow from the first third to the last by more than {@value #HEAP_GROWTH} times plus
 * {@value #HEAP_SLACK_MIB} MiB (medians), the open descriptors by more than
 * {@value #FD_SLACK} and the threads by more than {@value #THREAD_SLACK} (maxima). Fewer than
 * {@value #MIN_SAMPLES} samples after the warm-up are too few to judge (reported, not failed).
 *
 * <p>Stateless; safe from any thread.
 */
record Plateau(int node, int incarnation, int samplesJudged, double heapFirst, double heapLast,
               long fdFirst, long fdLast, long threadsFirst, long threadsLast,
               List<String> failures) {

  static final double HEAP_GROWTH = 1.10;
  static final long HEAP_SLACK_MIB = 8;
  static final long FD_SLACK = 20;
  static final long THREAD_SLACK = 10;
  static final int MIN_SAMPLES = 6;

  /** @return whether there were enough samples to judge */
  boolean judged() {
    return samplesJudged >= MIN_SAMPLES;
  }

  /**
   * @param samples      every sample of this incarnation, in time order
   * @param startSeconds when it started, seconds into the run
   * @param warmupSeconds what is left out at its start
   * @param node         its node
   * @param incarnation  its incarnation
   * @return the check
   */
  static Plateau check(List<NodeSampler.Sample> samples, double startSeconds,
                       double warmupSeconds, int node, int incarnation) {
    List<NodeSampler.Sample> kept = samples.stream()
        .filter(s -> s.seconds() >= startSeconds + warmupSeconds).toList();
    int n = kept.size();
    List<String> failures = new ArrayList<>();
    if (n < MIN_SAMPLES) {
      return new Plateau(node, incarnation, n, Double.NaN, Double.NaN, -1, -1, -1, -1, failures);
    }
    List<NodeSampler.Sample> first = kept.subList(0, n / 3);
    List<NodeSampler.Sample> last = kept.subList(n - n / 3, n);
    double heapFirst = Fmt.median(first.stream().map(s -> (double) s.heapAfterGc()).toList());
    double heapLast = Fmt.median(last.stream().map(s -> (double) s.heapAfterGc()).toList());
    long fdFirst = max(first, NodeSampler.Sample::openFiles);
    long fdLast = max(last, NodeSampler.Sample::openFiles);
    long threadsFirst = max(first, NodeSampler.Sample::threads);
    long threadsLast = max(last, NodeSampler.Sample::threads);
    String which = "node " + node + " (incarnation " + incarnation + ")";
    if (heapLast > heapFirst * HEAP_GROWTH + (HEAP_SLACK_MIB << 20)) {
      failures.add(which + ": heap after GC grew from " + Fmt.mib(heapFirst) + " MiB to "
          + Fmt.mib(heapLast) + " MiB (medians of the first and last thirds)");
    }
    if (fdLast > fdFirst + FD_SLACK) {
      failures.add(which + ": open descriptors grew from " + fdFirst + " to " + fdLast);
    }
    if (threadsLast > threadsFirst + THREAD_SLACK) {
      failures.add(which + ": threads grew from " + threadsFirst + " to " + threadsLast);
    }
    return new Plateau(node, incarnation, n, heapFirst, heapLast, fdFirst, fdLast, threadsFirst,
        threadsLast, List.copyOf(failures));
  }

  private static long max(List<NodeSampler.Sample> samples,
                          ToLongFunction<NodeSampler.Sample> value) {
    return samples.stream().mapToLong(value).max().orElse(-1);
  }
}
