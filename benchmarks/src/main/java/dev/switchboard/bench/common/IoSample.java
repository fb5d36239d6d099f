package dev.switchboard.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot of the read and write system calls made by given processes, from
 * {@code /proc/<pid>/io} ({@code syscr}, {@code syscw}): two snapshots around a measured window
 * tell how many socket reads and writes a server needed per delivered event.
 *
 * <p>Immutable; safe from any thread. Without {@code /proc} (or its {@code io} files) every figure
 * is 0.
 *
 * @param readCalls  read-like system calls ({@code syscr})
 * @param writeCalls write-like system calls ({@code syscw})
 */
public record IoSample(long readCalls, long writeCalls) {

  /**
   * @param pids the processes to account
   * @return the snapshot; processes that are gone or unreadable count as 0
   */
  public static IoSample take(List<Long> pids) {
    long reads = 0;
    long writes = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "io"))) {
          if (line.startsWith("syscr:")) {
            reads += Long.parseLong(line.substring(6).trim());
          } else if (line.startsWith("syscw:")) {
            writes += Long.parseLong(line.substring(6).trim());
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone or not readable: counts as 0
      }
    }
    return new IoSample(reads, writes);
  }

  /**
   * @param earlier a snapshot taken before this one
   * @return the calls made in between
   */
  public IoSample since(IoSample earlier) {
    return new IoSample(readCalls - earlier.readCalls, writeCalls - earlier.writeCalls);
  }
}
