package dev.switchboard.bench.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event-loop delay of a server JVM of the benchmark ({@link GatewayBenchServer}
 * {@code --loop-delay MS}): one periodic timer on the event loop of each gateway verticle
 * instance ({@link #watchCurrentLoop}), each recording how late it fired
 * (the time since its previous firing minus the period, in microseconds) into one HdrHistogram
 * {@link Recorder}. A loop busy with anything else (a heartbeat sweep over 100,000 connections, a
 * broadcast) delays its timer by as long; a free loop fires within the timer's resolution.
 *
 * <p>{@link #answer} reads its standard input: each line {@value #COMMAND} prints one JSON line
 * {@code {"event":"loop-delay","count":N,"p50Ms":..,"p99Ms":..,"p999Ms":..,"maxMs":..,
 * "threads":T}} on standard output with what was recorded since the previous one (an interval,
 * then reset); {@code threads} counts the event-loop threads the timers have fired on so far,
 * which shows that they cover every loop.
 *
 * <p>Thread-safe: the timers record from their event loops; the reader runs on its own daemon
 * thread.
 */
final class LoopDelayProbe {

  /** The line that asks for the delays recorded since the previous one. */
  static final String COMMAND = "loop-delay";

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  /** The threads the timers fired on: one per event loop when they cover every loop. */
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final long periodMs;
  private Histogram interval;

  /**
   * @param periodMs the timers' period, milliseconds
   */
  LoopDelayProbe(long periodMs) {
    this.periodMs = periodMs;
  }

  /**
   * Starts a timer on the event loop of the calling context: called from each gateway verticle
   * instance's handler ({@code onStart}), so the timers share the loops with the connections.
   * A timer set outside a context would not do: Vert.x runs such timers on one loop.
   *
   * @throws IllegalStateException when not called on a Vert.x context
   */
  void watchCurrentLoop() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("not on a Vert.x context");
    }
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    long[] last = {System.nanoTime()};
    context.owner().setPeriodic(periodMs, id -> {
      long now = System.nanoTime();
      long lateMicros = Math.max(0, (now - last[0] - periodNanos) / 1_000);
      last[0] = now;
      recorder.recordValue(Math.min(lateMicros, HIGHEST_MICROS));
      threads.add(Thread.currentThread().getName());
    });
  }

  /** Answers {@value #COMMAND} lines on standard input, on a daemon thread, until it closes. */
  void answerStandardInput() {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (COMMAND.equals(line.trim())) {
            System.out.println(answer().encode());
            System.out.flush();
          }
        }
      } catch (IOException e) {
        // standard input gone: nothing more to answer
      }
    }, "loop-delay-probe");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * @return the delays recorded since the previous answer, as the JSON line described above
   */
  synchronized JsonObject answer() {
    interval = recorder.getIntervalHistogram(interval);
    return json(interval).put("threads", threads.size());
  }

  /**
   * @param h delays in microseconds
   * @return its count and percentiles in milliseconds
   */
  static JsonObject json(Histogram h) {
    return new JsonObject().put("event", COMMAND).put("count", h.getTotalCount())
        .put("p50Ms", h.getValueAtPercentile(50) / 1000.0)
        .put("p99Ms", h.getValueAtPercentile(99) / 1000.0)
        .put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0)
        .put("maxMs", h.getMaxValue() / 1000.0);
  }
}
