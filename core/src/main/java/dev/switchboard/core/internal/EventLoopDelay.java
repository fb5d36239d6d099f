package dev.switchboard.core.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The event-loop delay probe of a node: on each of its event loops, a task scheduled every
 * {@link #INTERVAL_MS} ms records how late it ran into {@code switchboard_eventloop_delay_seconds}
 * (a histogram, tag {@code loop}: the loop's index, bounded by the node's event-loop count). A
 * loop blocked or saturated by handlers shows here as a lateness, the same one every timer and
 * socket read of that loop sees.
 *
 * <p>Cost: one scheduled task per loop every {@value #INTERVAL_MS} ms.
 *
 * <p>Threading: started and stopped on any thread; each probe runs on its event loop.
 */
final class EventLoopDelay {

  /** The probe's period, in ms: {@value}. */
  static final long INTERVAL_MS = 100;

  private final List<Probe> probes = new ArrayList<>();
  private volatile boolean stopped;

  private EventLoopDelay() {
  }

  /**
   * @param vertx    the node
   * @param registry its registry
   * @return the running probe
   */
  static EventLoopDelay start(Vertx vertx, MeterRegistry registry) {
    EventLoopDelay delay = new EventLoopDelay();
    int index = 0;
    // Vert.x has no public API to run a task on a chosen event loop: its Netty group is the
    // internal view's, and Netty's scheduler is the cheapest timer there
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer timer = Timer.builder("switchboard.eventloop.delay")
          .description("how late a task scheduled on an event loop ran")
          .tag("loop", Integer.toString(index++))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry);
      Probe probe = delay.new Probe(loop, timer);
      delay.probes.add(probe);
      probe.schedule();
    }
    return delay;
  }

  /** Stops every probe. */
  void stop() {
    stopped = true;
    synchronized (probes) {
      probes.forEach(Probe::cancel);
    }
  }

  /** The probe of one loop. Threading: on its loop, except {@link #cancel}. */
  private final class Probe implements Runnable {

    private final EventExecutor loop;
    private final Timer timer;
    private long due;
    private volatile ScheduledFuture<?> next;

    Probe(EventExecutor loop, Timer timer) {
      this.loop = loop;
      this.timer = timer;
    }

    void schedule() {
      if (stopped || loop.isShuttingDown()) {
        return;
      }
      due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
      next = loop.schedule(this, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      timer.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      schedule();
    }

    void cancel() {
      ScheduledFuture<?> scheduled = next;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }
}
