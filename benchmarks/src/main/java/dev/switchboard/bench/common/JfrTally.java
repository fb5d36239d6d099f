package dev.switchboard.bench.common;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts {@link JfrSummary} takes of one recording over its window.
 *
 * <p>Not thread-safe: confined to the reading thread.
 */
final class JfrTally {
    long samples;
    long nativeSamples;
    final Map<String, Long> topFrames = new HashMap<>();
    final Map<String, Long> threads = new HashMap<>();
    final Map<String, Long> layers = new HashMap<>();
    final Map<String, Long> nativeFrames = new HashMap<>();
    final Map<String, Long> startFrames = new HashMap<>();
    final Map<String, Double> threadCpu = new HashMap<>();
    long threadStarts;
    int cpuReadings;
    double jvmUser;
    double jvmSystem;
    double machineCpu;
    long gcCount;
    long gcPauseNanos;
    long allocatedBytes;
    Instant first;
    Instant last;

    void execution(RecordedEvent event) {
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        return;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      topFrames.merge(JfrSummary.frame(frames.get(0)), 1L, Long::sum);
      RecordedThread thread = event.getThread("sampledThread");
      String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName()
          : thread.getOSName();
      threads.merge(JfrSummary.threadGroup(name == null ? "?" : name), 1L, Long::sum);
      Set<String> hit = new HashSet<>();
      List<String> names = new ArrayList<>(frames.size());
      for (RecordedFrame f : frames) {
        names.add(JfrSummary.frame(f));
      }
      for (Map.Entry<String, List<String>> layer : JfrSummary.LAYERS.entrySet()) {
        for (String frameName : names) {
          if (layer.getValue().stream().anyMatch(frameName::startsWith)) {
            hit.add(layer.getKey());
            break;
          }
        }
      }
      hit.forEach(layer -> layers.merge(layer, 1L, Long::sum));
    }

    void threadStart(RecordedEvent event) {
      threadStarts++;
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        return;
      }
      List<RecordedFrame> frames = stack.getFrames();
      String where = JfrSummary.frame(frames.get(0))
          + (frames.size() > 1 ? " <- " + JfrSummary.frame(frames.get(1)) : "");
      startFrames.merge(where, 1L, Long::sum);
    }

    void nativeSample(RecordedEvent event) {
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        return;
      }
      String top = JfrSummary.frame(stack.getFrames().get(0));
      if (JfrSummary.IDLE_NATIVE_FRAMES.contains(top)) {
        return;
      }
      nativeSamples++;
      nativeFrames.merge(top, 1L, Long::sum);
    }
}
