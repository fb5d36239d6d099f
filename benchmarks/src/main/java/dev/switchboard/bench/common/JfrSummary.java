package dev.switchboard.bench.common;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Aggregates a flight recording over a time window into a short markdown summary: where the
 * CPU samples ({@code jdk.ExecutionSample}) land by top frame, by thread group and by layer
 * (inclusive), the top native frames ({@code jdk.NativeMethodSample}: threads in system calls,
 * idle waits included), CPU load (user and system), CPU by thread group
 * ({@code jdk.ThreadCPULoad}, meaningful when its period is short, see {@link JfrSettings}),
 * threads started ({@code jdk.ThreadStart}) and by what, GC pauses and allocation rate.
 *
 * <p>Execution samples only see threads running Java code: CPU spent in the kernel (thread
 * creation, system calls) or in the JVM itself shows only in the CPU load, the per-thread CPU
 * load and the thread starts, which is why those are reported too.
 *
 * <p>Also a command-line tool: {@code JfrSummary file.jfr [fromEpochMillis toEpochMillis]}.
 *
 * <p>Stateless; safe from any thread.
 */
public final class JfrSummary {

  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HZ_INSTANCE = Pattern.compile("^hz\\.[^.]+\\.");
  /** Numbers in thread names, except the tier of "C1/C2 CompilerThread". */
  private static final Pattern DIGITS = Pattern.compile("(?<!^C)\\d+");

  /** How far the per-thread loads may exceed the JVM's before the table is flagged as rough. */
  private static final double OVERCOUNT_TOLERANCE = 1.05;

  /** Native frames where a thread waits for work rather than works. */
  static final List<String> IDLE_NATIVE_FRAMES = List.of("sun.nio.ch.EPoll.wait",
      "java.io.FileInputStream.readBytes", "java.lang.ProcessHandleImpl.waitForProcessExit0");

  /** Layers counted inclusively: a sample counts for each layer with a frame on its stack. */
  static final Map<String, List<String>> LAYERS = layers();

  private JfrSummary() {
  }

  /**
   * One recording to summarise.
   *
   * @param label which JVM it comes from
   * @param file  the .jfr file
   */
  public record Source(String label, Path file) {
  }

  /**
   * The command line: {@code file.jfr [fromEpochMillis toEpochMillis]}.
   */
  @Command(name = "JfrSummary",
      synopsisHeading = "usage: ",
      customSynopsis = "JfrSummary file.jfr [fromEpochMillis toEpochMillis]")
  static final class Options {

    @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
    private boolean help;

    @Parameters(index = "0", paramLabel = "file.jfr", description = "the recording")
    private Path file;

    @Parameters(index = "1..2", paramLabel = "EPOCH_MILLIS",
        description = "the window: from and to, epoch milliseconds (default: the whole recording)")
    private List<Long> window = List.of();

    /** @return null when the window is whole (none or both ends), else what is wrong */
    String problem() {
      return window.size() == 1 ? "give both ends of the window or neither" : null;
    }

    /** @return the recording */
    Path file() {
      return file;
    }

    /** @return the window's start, or {@link Instant#MIN} */
    Instant from() {
      return window.size() == 2 ? Instant.ofEpochMilli(window.get(0)) : Instant.MIN;
    }

    /** @return the window's end, or {@link Instant#MAX} */
    Instant to() {
      return window.size() == 2 ? Instant.ofEpochMilli(window.get(1)) : Instant.MAX;
    }
  }

  /**
   * @param args {@code file.jfr [fromEpochMillis toEpochMillis]}
   * @throws IOException when the recording cannot be read
   */
  public static void main(String[] args) throws IOException {
    Options options = new Options();
    CommandLines.parseOrExit(options, args);
    if (options.problem() != null) {
      System.err.println(options.problem());
      System.err.println(CommandLines.usage(options));
      System.exit(2);
    }
    System.out.println(summarize(List.of(new Source(options.file().toString(), options.file())),
        options.from(), options.to(), 15, 0));
  }

  /**
   * @param sources    the recordings
   * @param from       start of the window (inclusive)
   * @param to         end of the window (exclusive)
   * @param top        how many rows per ranking
   * @param operations operations completed in the window, to give thread starts per operation;
   *                   0 when unknown
   * @return the markdown summary
   * @throws IOException when a recording cannot be read
   */
  public static String summarize(List<Source> sources, Instant from, Instant to, int top,
                          long operations) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Source source : sources) {
      JfrTally tally = read(source.file(), from, to);
      out.append("**").append(source.label()).append("** (`").append(source.file().getFileName())
          .append("`): CPU samples in the window: ").append(tally.samples);
      if (tally.cpuReadings > 0) {
        out.append(String.format(Locale.ROOT,
            "; CPU load: this JVM %.0f%% user + %.0f%% system, whole machine %.0f%% "
                + "(shares of all %d cores)",
            100 * tally.jvmUser / tally.cpuReadings, 100 * tally.jvmSystem / tally.cpuReadings,
            100 * tally.machineCpu / tally.cpuReadings,
            Runtime.getRuntime().availableProcessors()));
      }
      double seconds = windowSeconds(from, to, tally);
      out.append(String.format(Locale.ROOT, "; threads started: %d (%.0f/s", tally.threadStarts,
          tally.threadStarts / seconds));
      if (operations > 0) {
        out.append(String.format(Locale.ROOT, ", %.2f per operation",
            (double) tally.threadStarts / operations));
      }
      out.append(')');
      out.append(String.format(Locale.ROOT, "; GC: %d collections, %.0f ms paused",
          tally.gcCount, tally.gcPauseNanos / 1e6));
      if (tally.allocatedBytes > 0) {
        out.append(String.format(Locale.ROOT, "; allocation ~%.0f MB/s",
            tally.allocatedBytes / 1e6 / seconds));
      }
      out.append("\n\n");
      if (!tally.threadCpu.isEmpty() && tally.cpuReadings > 0) {
        threadCpuTable(out, tally, top);
      }
      if (tally.threadStarts > 0) {
        table(out, "Threads started by (top frames of jdk.ThreadStart)", "started at",
            tally.startFrames, tally.threadStarts, Math.min(top, 5));
      }
      if (tally.samples == 0) {
        out.append("(no execution samples in the window)\n\n");
        continue;
      }
      table(out, "Top frames (self, CPU samples)", "frame", tally.topFrames, tally.samples, top);
      table(out, "By thread group", "threads", tally.threads, tally.samples, top);
      table(out, "By layer (inclusive: a sample counts for every layer on its stack)", "layer",
          tally.layers, tally.samples, LAYERS.size());
      if (tally.nativeSamples > 0) {
        table(out, "Top native frames (threads in system calls; idle waits left out: "
                + String.join(", ", IDLE_NATIVE_FRAMES) + ")", "frame", tally.nativeFrames,
            tally.nativeSamples, Math.min(top, 8));
      }
    }
    return out.toString();
  }

  private static JfrTally read(Path file, Instant from, Instant to) throws IOException {
    JfrTally tally = new JfrTally();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        Instant start = event.getStartTime();
        if (start.isBefore(from) || !start.isBefore(to)) {
          continue;
        }
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> tally.execution(event);
          case "jdk.NativeMethodSample" -> tally.nativeSample(event);
          case "jdk.CPULoad" -> {
            tally.cpuReadings++;
            tally.jvmUser += event.getFloat("jvmUser");
            tally.jvmSystem += event.getFloat("jvmSystem");
            tally.machineCpu += event.getFloat("machineTotal");
          }
          case "jdk.ThreadStart" -> tally.threadStart(event);
          case "jdk.ThreadCPULoad" -> {
            RecordedThread thread = event.getThread("eventThread");
            String name = thread == null ? null : thread.getJavaName();
            tally.threadCpu.merge(threadGroup(name == null ? "?" : name),
                (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
          }
          case "jdk.GarbageCollection" -> {
            tally.gcCount++;
            tally.gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
          }
          case "jdk.ObjectAllocationSample" -> tally.allocatedBytes += event.getLong("weight");
          default -> {
            continue;
          }
        }
        if (tally.first == null || start.isBefore(tally.first)) {
          tally.first = start;
        }
        if (tally.last == null || start.isAfter(tally.last)) {
          tally.last = start;
        }
      }
    }
    return tally;
  }

  /** The window's length, or the span of its events when the window is open-ended. */
  private static double windowSeconds(Instant from, Instant to, JfrTally tally) {
    Instant start = from.equals(Instant.MIN) && tally.first != null ? tally.first : from;
    Instant end = to.equals(Instant.MAX) && tally.last != null ? tally.last : to;
    if (start.equals(Instant.MIN) || end.equals(Instant.MAX)) {
      return 1;
    }
    return Math.max(1e-3, Duration.between(start, end).toNanos() / 1e9);
  }

  /**
   * CPU by thread group, as shares of the whole machine: the thread loads of one period add up
   * to what the listed threads used, the JVM's load minus that is what threads that ended within
   * a period and the VM's own threads (GC among them) used.
   */
  private static void threadCpuTable(StringBuilder out, JfrTally tally, int top) {
    double rounds = tally.cpuReadings;
    double listed = tally.threadCpu.values().stream().mapToDouble(Double::doubleValue).sum()
        / rounds;
    double jvm = (tally.jvmUser + tally.jvmSystem) / rounds;
    out.append("CPU by thread group (jdk.ThreadCPULoad, % of the whole machine):\n\n")
        .append(Table.header("threads", "CPU:"));
    tally.threadCpu.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> out.append(Table.row("`" + e.getKey() + "`", share(e.getValue() / rounds))));
    out.append(Table.row("all long-lived threads", share(listed)))
        .append(Table.row("whole JVM (jdk.CPULoad)", share(jvm)))
        .append(Table.row("rest: threads that ended within a period, GC and other VM threads",
            share(Math.max(0, jvm - listed))))
        .append('\n');
    if (listed > jvm * OVERCOUNT_TOLERANCE) {
      out.append("(The thread loads add up to more than the JVM's: jdk.ThreadCPULoad over-counts "
          + "threads that started within a period, so with many short-lived threads this table "
          + "is rough.)\n\n");
    }
  }

  private static void table(StringBuilder out, String title, String column,
                            Map<String, Long> counts, long total, int top) {
    out.append(title).append(":\n\n").append(Table.header(column, "share:"));
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> out.append(Table.row("`" + e.getKey() + "`",
            share((double) e.getValue() / total))));
    out.append('\n');
  }

  /** @return a share as a percentage with one decimal: "12.3%" */
  private static String share(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String frame(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /**
   * Folds a thread name into its group: Hazelcast's instance name, UUIDs and numbers go.
   *
   * @param name a thread name
   * @return the group name
   */
  public static String threadGroup(String name) {
    String folded = UUID_PATTERN.matcher(name).replaceAll("*");
    folded = HZ_INSTANCE.matcher(folded).replaceFirst("hz.");
    return DIGITS.matcher(folded).replaceAll("#");
  }

  private static Map<String, List<String>> layers() {
    Map<String, List<String>> layers = new LinkedHashMap<>();
    layers.put("Hazelcast networking (read/write of packets)", List.of(
        "com.hazelcast.internal.networking", "com.hazelcast.internal.nio",
        "com.hazelcast.internal.server"));
    layers.put("Hazelcast operation and invocation machinery", List.of(
        "com.hazelcast.spi.impl.operationservice", "com.hazelcast.spi.impl.operationexecutor",
        "com.hazelcast.spi.impl.operationparker",
        "com.hazelcast.spi.impl.InternalCompletableFuture",
        "com.hazelcast.spi.impl.AbstractInvocationFuture"));
    layers.put("Hazelcast map, record store, entry processor", List.of("com.hazelcast.map.impl"));
    layers.put("Hazelcast serialization", List.of("com.hazelcast.internal.serialization"));
    layers.put("Hazelcast client side", List.of("com.hazelcast.client"));
    layers.put("GlobalData (dev.switchboard.globaldata)", List.of("dev.switchboard.globaldata"));
    layers.put("Channel server (dev.switchboard.channel.server)",
        List.of("dev.switchboard.channel.server"));
    layers.put("Channel client and node (dev.switchboard.channel, without .server)", List.of(
        "dev.switchboard.channel.impl", "dev.switchboard.channel.internal",
        "dev.switchboard.channel.ChannelClient", "dev.switchboard.channel.ChannelMessage"));
    layers.put("Shared plumbing (dev.switchboard.core)", List.of("dev.switchboard.core"));
    layers.put("Vert.x event bus (clustered: node to node)", List.of("io.vertx.core.eventbus"));
    layers.put("JSON (Jackson, Vert.x Json)",
        List.of("com.fasterxml.jackson", "io.vertx.core.json"));
    layers.put("Vert.x and Netty (contexts, futures, event loops)",
        List.of("io.vertx", "io.netty"));
    layers.put("Benchmark code (callers, load generator)", List.of("dev.switchboard.bench"));
    layers.put("JDK NIO (sockets, selectors)", List.of("sun.nio.ch", "java.nio"));
    layers.put("JDK thread hand-off (locks, queues, park/unpark)", List.of(
        "java.util.concurrent.locks", "java.util.concurrent.LinkedBlockingQueue",
        "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ForkJoin",
        "jdk.internal.misc.Unsafe.park", "jdk.internal.misc.Unsafe.unpark"));
    return layers;
  }
}
