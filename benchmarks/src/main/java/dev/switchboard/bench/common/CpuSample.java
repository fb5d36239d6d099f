package dev.switchboard.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot of CPU time from {@code /proc}: the user and system time of given processes, and
 * the busy and total time of the whole machine. Two snapshots around a measured window tell how
 * much CPU the benchmark's own processes used per operation, and how busy the (possibly shared)
 * machine was.
 *
 * <p>Immutable; safe from any thread. On a system without {@code /proc} every figure is 0.
 *
 * @param processUserTicks   user time of the processes, in clock ticks
 * @param processSystemTicks system time of the processes, in clock ticks
 * @param machineBusyTicks   non-idle time of all CPUs, in clock ticks
 * @param machineTotalTicks  total time of all CPUs, in clock ticks
 */
public record CpuSample(long processUserTicks, long processSystemTicks, long machineBusyTicks,
                 long machineTotalTicks) {

  /** Linux's USER_HZ, the unit of {@code /proc} times, on every common architecture. */
  public static final double TICKS_PER_SECOND = 100;

  /**
   * @param pids the processes to account (this JVM, child JVMs, redis-server)
   * @return the snapshot; processes that are gone count as 0
   */
  public static CpuSample take(List<Long> pids) {
    long user = 0;
    long system = 0;
    for (long pid : pids) {
      long[] times = processTimes(pid);
      user += times[0];
      system += times[1];
    }
    long busy = 0;
    long total = 0;
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i != 4 && i != 5) {
          busy += v;
        }
      }
    } catch (IOException | RuntimeException e) {
      busy = 0;
      total = 0;
    }
    return new CpuSample(user, system, busy, total);
  }

  private static long[] processTimes(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // the command name (field 2) may hold spaces: fields are counted after its ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /**
   * @param later a snapshot taken after this one
   * @return user seconds of the processes in between
   */
  public double userSecondsUntil(CpuSample later) {
    return (later.processUserTicks - processUserTicks) / TICKS_PER_SECOND;
  }

  /**
   * @param later a snapshot taken after this one
   * @return system seconds of the processes in between
   */
  public double systemSecondsUntil(CpuSample later) {
    return (later.processSystemTicks - processSystemTicks) / TICKS_PER_SECOND;
  }

  /**
   * @param later a snapshot taken after this one
   * @return the machine's busy share in between, 0 to 1, or -1 when unknown
   */
  public double machineBusyUntil(CpuSample later) {
    long total = later.machineTotalTicks - machineTotalTicks;
    return total <= 0 ? -1 : (double) (later.machineBusyTicks - machineBusyTicks) / total;
  }
}
