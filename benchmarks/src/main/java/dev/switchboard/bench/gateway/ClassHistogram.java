package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Commands;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of another JVM by class ({@code jcmd PID GC.class_histogram}, which collects
 * first), and the difference between two of them: where a server's memory per connection goes.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param classes instances and bytes per class name
 */
record ClassHistogram(Map<String, Entry> classes) {

  private static final Duration BOUND = Duration.ofSeconds(60);
  /** "   1:          8749       10606552  [B (java.base@17.0.15)" */
  private static final Pattern LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /**
   * One class's live objects.
   *
   * @param name      the class name
   * @param instances how many
   * @param bytes     their shallow size
   */
  record Entry(String name, long instances, long bytes) {
  }

  /**
   * @param pid a JVM of this user
   * @return its histogram, after a full collection
   * @throws IOException          when jcmd cannot be started
   * @throws InterruptedException when interrupted while waiting for it
   */
  static ClassHistogram take(long pid) throws IOException, InterruptedException {
    return parse(Commands.run(List.of(JvmHeap.jcmd(), String.valueOf(pid), "GC.class_histogram"),
        BOUND));
  }

  /**
   * @param text what {@code jcmd PID GC.class_histogram} printed
   * @return the histogram
   */
  static ClassHistogram parse(String text) {
    Map<String, Entry> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        classes.merge(m.group(3), new Entry(m.group(3), Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2))),
            (a, b) -> new Entry(a.name(), a.instances() + b.instances(), a.bytes() + b.bytes()));
      }
    }
    return new ClassHistogram(Map.copyOf(classes));
  }

  /**
   * @param before an earlier histogram of the same JVM
   * @param limit  how many classes to return
   * @return the classes that grew the most in bytes since {@code before}, largest first, with
   *     the growth as their figures
   */
  List<Entry> growthSince(ClassHistogram before, int limit) {
    return classes.values().stream()
        .map(e -> {
          Entry old = before.classes.get(e.name());
          return old == null ? e : new Entry(e.name(), e.instances() - old.instances(),
              e.bytes() - old.bytes());
        })
        .filter(e -> e.bytes() > 0)
        .sorted(Comparator.comparingLong(Entry::bytes).reversed())
        .limit(limit)
        .toList();
  }
}
