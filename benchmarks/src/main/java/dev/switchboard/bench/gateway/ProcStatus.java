package dev.switchboard.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Figures of a process from {@code /proc/PID}: memory and threads ({@code status}), open file
 * descriptors ({@code fd}). Also the soak's ({@code bench.soak}).
 *
 * <p>Stateless; safe from any thread.
 */
public final class ProcStatus {

  private ProcStatus() {
  }

  /**
   * @param pid a process
   * @return its resident set size ({@code VmRSS}) in bytes
   * @throws IllegalStateException when it cannot be read (the process is gone)
   */
  public static long rssBytes(long pid) {
    return value(pid, "VmRSS") * 1024;
  }

  /**
   * @param pid a process
   * @return the most resident memory it has had ({@code VmHWM}) in bytes
   * @throws IllegalStateException when it cannot be read (the process is gone)
   */
  static long peakRssBytes(long pid) {
    return value(pid, "VmHWM") * 1024;
  }

  /**
   * @param pid a process
   * @return its threads ({@code Threads})
   * @throws IllegalStateException when it cannot be read (the process is gone)
   */
  public static long threads(long pid) {
    return value(pid, "Threads");
  }

  /**
   * @param pid a process of this user
   * @return its open file descriptors (entries of {@code /proc/PID/fd})
   * @throws IllegalStateException when they cannot be listed (the process is gone)
   */
  public static long openFiles(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return fds.count();
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot list the descriptors of process " + pid + ": " + e,
          e);
    }
  }

  private static long value(long pid, String field) {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field + ":")) {
          // "VmRSS:     123456 kB", "Threads:    42"
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field + " of process " + pid + ": " + e, e);
    }
    throw new IllegalStateException("no " + field + " in " + status);
  }
}
