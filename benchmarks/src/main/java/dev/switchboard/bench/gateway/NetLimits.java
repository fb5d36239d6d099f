package dev.switchboard.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel settings that bound how much a stalled WebSocket client's data the kernel holds
 * before the server's own buffer fills, and this process's open-files limit.
 *
 * @param rmemDefault   {@code tcp_rmem} default: a client's receive buffer, bytes (it grows only
 *                      while the client reads, and a stalled client does not)
 * @param wmemMax       {@code tcp_wmem} max: the most a server socket's send buffer grows to
 * @param openFiles     the soft open-files limit of this process, or -1
 */
record NetLimits(long rmemDefault, long wmemMax, long openFiles) {

  /**
   * @return the current settings; unknown figures are -1
   */
  static NetLimits read() {
    return new NetLimits(field("/proc/sys/net/ipv4/tcp_rmem", 1),
        field("/proc/sys/net/ipv4/tcp_wmem", 2), openFilesLimit());
  }

  /**
   * @return the kernel's share of one stalled client's backlog at most, bytes
   */
  long kernelPerConnection() {
    return Math.max(0, rmemDefault) + Math.max(0, wmemMax);
  }

  /**
   * @return a line for the report
   */
  String describe() {
    return "kernel TCP buffers: tcp_rmem default " + rmemDefault + " B, tcp_wmem max " + wmemMax
        + " B; open files limit (soft) " + openFiles;
  }

  private static long field(String file, int index) {
    try {
      // line by line: a whole-file read of /proc/sys may stop after the first bytes
      String line = Files.readAllLines(Path.of(file)).get(0);
      return Long.parseLong(line.trim().split("\\s+")[index]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
