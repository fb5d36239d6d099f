package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Commands;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap in use of another JVM after a full collection, through {@code jcmd}: {@code GC.run}
 * (a {@code System.gc()} in that JVM), then {@code GC.heap_info}, whose generation lines
 * ("def new generation total 116224K, used 0K", "tenured generation ...", "garbage-first heap
 * ...") are summed; Metaspace is not heap and is left out.
 *
 * Also the soak's ({@code bench.soak}).
 *
 * <p>Stateless; safe from any thread.
 */
public final class JvmHeap {

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Pattern GENERATION =
      Pattern.compile("^\\s*(\\S[^\\[]*?)\\s+total \\d+K, used (\\d+)K");

  private JvmHeap() {
  }

  /**
   * @param pid a JVM of this user
   * @return its heap in use after a full collection, bytes
   * @throws IOException          when jcmd cannot be started
   * @throws InterruptedException when interrupted while waiting for it
   * @throws IllegalStateException when jcmd fails or prints no heap figure
   */
  public static long usedAfterGc(long pid) throws IOException, InterruptedException {
    Commands.run(List.of(jcmd(), String.valueOf(pid), "GC.run"), BOUND);
    return parse(Commands.run(List.of(jcmd(), String.valueOf(pid), "GC.heap_info"), BOUND));
  }

  /**
   * @param heapInfo what {@code jcmd PID GC.heap_info} printed
   * @return the heap in use, bytes
   * @throws IllegalStateException when there is no generation line
   */
  static long parse(String heapInfo) {
    long usedKb = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      Matcher m = GENERATION.matcher(line);
      if (m.find() && !m.group(1).startsWith("Metaspace") && !m.group(1).startsWith("class")) {
        usedKb += Long.parseLong(m.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap figure in: " + Commands.tail(heapInfo));
    }
    return usedKb * 1024;
  }

  /** @return jcmd of the JDK this benchmark runs on, else the one on the path */
  static String jcmd() {
    return ProcessHandle.current().info().command()
        .map(java -> java.replaceFirst("java$", "jcmd"))
        .filter(path -> new File(path).canExecute())
        .orElse("jcmd");
  }
}
