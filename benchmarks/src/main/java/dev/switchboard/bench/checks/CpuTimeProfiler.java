package dev.switchboard.bench.checks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler reporting the CPU time of the benchmark's JVM per operation
 * ({@value #METRIC}, ns/op): the process's user + system CPU time over an iteration divided by
 * the operations measured in it. On a machine shared with other work, average time per
 * operation counts the time the benchmark thread waited for a core too; CPU time does not, and it
 * counts the garbage collector's work for the operation's allocations, as the CPU per delivery of
 * the end-to-end benchmarks (the server process's CPU time) does. Background threads of the JVM
 * (the JIT compiler, mostly quiet after the warm-up) add a little to every benchmark alike.
 *
 * <p>Threading: JMH calls it from the iteration's control thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  /** Name of the secondary result. */
  public static final String METRIC = "cpu.time.norm";

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long start;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    start = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmark,
      IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - start;
    long ops = result.getMetadata().getMeasuredOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(new ScalarResult(METRIC, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }
}
