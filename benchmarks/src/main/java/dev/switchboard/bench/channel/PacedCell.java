package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.Latencies;
import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one paced cell on a {@link PubSubSystem}, the same way for ours and for Redis: N
 * subscribers on all but the last of the load generator's event loops (subscriber {@code i} on
 * loop {@code i mod (loops - 1)}), one publisher alone on the last loop,
 * publishing at a fixed rate ({@link PacedPublisher}) through a warm-up and the measured window;
 * then it waits until every subscriber has every acknowledged publish (or a bound passed) and
 * closes the connections. Latency is measured from each publish's intended time.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class PacedCell {

  private static final Logger LOG = LoggerFactory.getLogger(PacedCell.class);

  private static final Duration SETUP_BOUND = Duration.ofSeconds(60);
  private static final Duration ACK_BOUND = Duration.ofSeconds(30);
  private static final Duration DELIVERY_BOUND = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final FixedLoops loops;
  private final int window;
  private final double rate;

  /**
   * @param vertx  the load generator's Vert.x instance, at least 2 event loops
   * @param window the most publishes unacknowledged at once
   * @param rate   publishes a second
   */
  PacedCell(Vertx vertx, int window, double rate) {
    this.vertx = vertx;
    this.window = window;
    this.rate = rate;
    this.loops = new FixedLoops(vertx);
    if (loops.size() < 2) {
      throw new IllegalArgumentException("the publisher needs an event loop of its own");
    }
  }

  /**
   * Runs one cell.
   *
   * @return the result
   * @throws IllegalStateException when a step does not complete within its bound
   */
  PacedResult run(PubSubSystem system, int subscribers, int round, Duration warmup,
                  Duration duration) {
    String channel = "paced-" + UUID.randomUUID();
    List<Future<PubSubConnection>> opening = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      opening.add(system.connect(context(i % (loops.size() - 1)), i));
    }
    opening.add(system.connect(context(loops.size() - 1), -1));
    return CellClients.with(system, opening, SETUP_BOUND, connections ->
        measure(system, subscribers, round, warmup, duration, channel, connections));
  }

  private PacedResult measure(PubSubSystem system, int subscribers, int round, Duration warmup,
                              Duration duration, String channel,
                              List<PubSubConnection> connections) {
    List<SubscriberTally> tallies = CellClients.subscribe(system, connections, subscribers,
        channel, SETUP_BOUND);
    // publish 0 is due 50 ms from now: every tally has begun by then
    long origin = System.nanoTime();
    long start = origin + 50_000_000L;
    long windowStart = start + warmup.toNanos();
    long windowEnd = windowStart + duration.toNanos();
    CellClients.begin(tallies, connections, origin, windowStart, windowEnd, SETUP_BOUND);
    Optional<PubSubSystem.ServerCounters> before = system.counters();

    List<Long> pids = new ArrayList<>(system.serverPids());
    pids.add(ProcessHandle.current().pid());
    PacedPublisher publisher = new PacedPublisher(connections.get(subscribers), channel, window,
        origin, start, windowEnd, rate);
    Future<Void> publishing = publisher.run();
    sleepUntil(windowStart);
    CpuSample cpuStart = CpuSample.take(pids);
    sleepUntil(windowEnd);
    CpuSample cpuEnd = CpuSample.take(pids);
    Await.result(publishing, ACK_BOUND, "publishing to " + system.label());
    long acked = publisher.acked();
    if (publisher.failure() != null) {
      LOG.warn("{}: a publish failed after {} acknowledged: {}", system.label(), acked,
          publisher.failure().toString());
    }
    try {
      Await.result(Await.until(vertx, 10, DELIVERY_BOUND, () -> Future.succeededFuture(
              tallies.stream().allMatch(t -> t.received() >= acked))),
          DELIVERY_BOUND.plusSeconds(5), "subscribers receiving every publish");
    } catch (IllegalStateException e) {
      LOG.warn("{}: not every event arrived within {} s of the last ack", system.label(),
          DELIVERY_BOUND.toSeconds());
    }
    Optional<PubSubSystem.ServerCounters> after = system.counters();
    long drops = after.isPresent() && before.isPresent()
        ? after.get().since(before.get()).drops() : -1;
    long inWindow = 0;
    long missing = 0;
    long backwards = 0;
    List<Histogram> histograms = new ArrayList<>();
    for (SubscriberTally t : tallies) {
      inWindow += t.inWindow();
      missing += t.missing() + Math.max(0, acked - t.received());
      backwards += t.backwards() + t.malformed();
      histograms.add(t.latencies());
    }
    Histogram all = Latencies.merge(histograms);
    return new PacedResult(system.label(), system.key(), subscribers, round, rate,
        inWindow / (duration.toNanos() / 1e9), Latencies.percentileMicros(all, 0.50),
        Latencies.percentileMicros(all, 0.99), Latencies.percentileMicros(all, 0.999),
        all.getTotalCount() == 0 ? -1 : all.getMaxValue() / 1_000.0, publisher.sent(), acked,
        missing, backwards, drops, cpuStart.machineBusyUntil(cpuEnd), null);
  }

  private Context context(int index) {
    return loops.context(index);
  }

  private static void sleepUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
