package dev.switchboard.bench.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * What the figures were measured on: processors, CPU model, memory, OS, Java, and the load
 * average (the machine may be shared).
 *
 * <p>Stateless; safe from any thread.
 */
public final class Environment {

  private Environment() {
  }

  /**
   * @return one line per fact, for the report
   */
  public static List<String> describe() {
    return describe("member JVMs: -Xmx512m -XX:+UseSerialGC from the testkit");
  }

  /**
   * @param childJvms how the benchmark's child JVMs are started, for the benchmark JVM's line
   * @return one line per fact, for the report
   */
  public static List<String> describe(String childJvms) {
    Runtime runtime = Runtime.getRuntime();
    return List.of(
        "processors (nproc): " + runtime.availableProcessors(),
        "CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name"),
        "memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal"),
        "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        "Java: " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")",
        "benchmark JVM: pid " + ProcessHandle.current().pid() + ", flags " + jvmFlags()
            + " (" + childJvms + ")",
        "ForkJoinPool common parallelism: " + ForkJoinPool.getCommonPoolParallelism()
            + (ForkJoinPool.getCommonPoolParallelism() <= 1
            ? " (at 1, Hazelcast runs each asynchronous callback on a new thread)" : ""));
  }

  /** The heap, GC and concurrency flags this JVM was started with (not the module flags). */
  private static String jvmFlags() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-X") || a.startsWith("-Djava.util.concurrent"))
        .toList();
    return flags.isEmpty() ? "(defaults)" : String.join(" ", flags);
  }

  /**
   * @return the 1, 5 and 15 minute load averages, or "unknown"
   */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstValue(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
