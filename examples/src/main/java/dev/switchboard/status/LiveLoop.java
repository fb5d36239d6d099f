package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The {@code -d} mode of the status tools: reads every second and prints a frame in place
 * (ANSI clear and home first), as Workerman's {@code status -d} does. A reading that fails is shown
 * as its one line and tried again the next second. Ctrl-C stops it (the JVM's shutdown).
 *
 * <p>Threading: blocking; the tool's main thread.
 */
final class LiveLoop {

  /** Reads a node. */
  interface Reader {
    JsonObject read() throws StatusException;
  }

  /** Renders a frame from two readings ({@link LiveFrame}). */
  interface Renderer {
    String frame(JsonObject before, JsonObject after, long elapsedMs);
  }

  /** The time between two readings, ms. */
  static final long PERIOD_MS = 1_000;

  private LiveLoop() {
  }

  /**
   * @param first  the first reading, made by the caller (a failed one ends the tool)
   * @param reader reads the node
   * @param render renders a frame
   * @param frames the frames to print, or 0 for every second until Ctrl-C
   * @param out    where the frames go
   */
  static void run(JsonObject first, Reader reader, Renderer render, long frames,
      PrintStream out) throws InterruptedException {
    JsonObject before = null;
    long beforeAt = 0;
    JsonObject after = first;
    long afterAt = System.nanoTime();
    for (long frame = 1; ; frame++) {
      if (after != null) {
        out.print(LiveFrame.CLEAR + render.frame(before, after,
            TimeUnit.NANOSECONDS.toMillis(afterAt - beforeAt)));
        out.flush();
      }
      if (frames > 0 && frame >= frames) {
        return;
      }
      long next = afterAt + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // the period's pace
      before = after;
      beforeAt = afterAt;
      try {
        after = reader.read();
      } catch (StatusException e) {
        out.print(LiveFrame.CLEAR + e.getMessage() + "\n");
        out.flush();
        after = null; // shown, and no rates across the gap
      }
      afterAt = System.nanoTime();
    }
  }
}
