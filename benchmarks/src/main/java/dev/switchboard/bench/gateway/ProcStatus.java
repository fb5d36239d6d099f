package dev.switchboard.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of a process from {@code /proc/PID/status}.
 *
 * <p>Stateless; safe from any thread.
 */
final class ProcStatus {

  private ProcStatus() {
  }

  /**
   * @param pid a process
   * @return its resident set size ({@code VmRSS}) in bytes
   * @throws IllegalStateException when it cannot be read (the process is gone)
   */
  static long rssBytes(long pid) {
    return kilobytes(pid, "VmRSS") * 1024;
  }

  /**
   * @param pid a process
   * @return the most resident memory it has had ({@code VmHWM}) in bytes
   * @throws IllegalStateException when it cannot be read (the process is gone)
   */
  static long peakRssBytes(long pid) {
    return kilobytes(pid, "VmHWM") * 1024;
  }

  private static long kilobytes(long pid, String field) {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field + ":")) {
          // "VmRSS:     123456 kB"
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field + " of process " + pid + ": " + e, e);
    }
    throw new IllegalStateException("no " + field + " in " + status);
  }
}
