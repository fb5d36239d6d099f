package dev.switchboard.bench.common;

import com.sun.management.ThreadMXBean;
import dev.switchboard.core.internal.VertxMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.micrometer.MetricsDomain;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Vert.x's event-bus meters (vertx-micrometer-metrics) cost per event-bus message: one
 * event loop sends {@code messages} local messages to a consumer of its own, with Vert.x's metrics
 * as a node has them ({@link VertxMetrics#configure}) with the event bus's meters on
 * ({@code on}) or left out ({@code off}), or without Vert.x's metrics ({@code none}); prints the
 * bytes the event loop allocated and the CPU it used per message, for each of 4 rounds (the
 * first ones warm the JIT up). Allocation is exact and steady on a shared machine; CPU is not.
 *
 * <pre>java -cp benchmarks/target/benchmarks-*.jar:$(cat benchmarks/target/benchmarks.classpath) \
 *     dev.switchboard.bench.common.EventBusMetersCost on 500000</pre>
 *
 * <p>Threading: main thread; the sends and the counts run on the one event loop.
 */
public final class EventBusMetersCost {

  private static final String ADDRESS = "bench.event-bus-meters";
  private static final int ROUNDS = 4;

  private EventBusMetersCost() {
  }

  /**
   * @param args {@code on}, {@code off} or {@code none}; the messages per round
   * @throws Exception when a round does not end within a minute
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: EventBusMetersCost on|off|none MESSAGES");
      System.exit(2);
    }
    String mode = args[0].toLowerCase(Locale.ROOT);
    int messages = Integer.parseInt(args[1]);
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(1);
    switch (mode) {
      case "on" -> VertxMetrics.configure(options, EnumSet.noneOf(MetricsDomain.class));
      case "off" -> VertxMetrics.configure(options, EnumSet.of(MetricsDomain.EVENT_BUS));
      case "none" -> { }
      default -> throw new IllegalArgumentException("on, off or none, got " + mode);
    }
    Vertx vertx = Vertx.vertx(options);
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        long[] used = round(vertx, messages);
        System.out.printf(Locale.ROOT, "event-bus meters %s, round %d: %.0f bytes/message, "
            + "%.0f ns CPU/message%n", mode, round, (double) used[0] / messages,
            (double) used[1] / messages);
      }
    } finally {
      vertx.close().await();
    }
  }

  /** @return bytes allocated and CPU nanoseconds used by the event loop for the round */
  private static long[] round(Vertx vertx, int messages) throws InterruptedException {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    CountDownLatch done = new CountDownLatch(1);
    long[] used = new long[2];
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      long thread = Thread.currentThread().getId();
      MessageConsumer<String> consumer = vertx.eventBus().localConsumer(ADDRESS);
      long bytes = threads.getThreadAllocatedBytes(thread);
      long cpu = threads.getCurrentThreadCpuTime();
      int[] received = {0};
      consumer.handler(message -> {
        if (++received[0] == messages) {
          used[0] = threads.getThreadAllocatedBytes(thread) - bytes;
          used[1] = threads.getCurrentThreadCpuTime() - cpu;
          consumer.unregister();
          done.countDown();
        }
      });
      for (int i = 0; i < messages; i++) {
        vertx.eventBus().send(ADDRESS, "x");
      }
    });
    if (!done.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("a round did not end within a minute");
    }
    return used;
  }
}
