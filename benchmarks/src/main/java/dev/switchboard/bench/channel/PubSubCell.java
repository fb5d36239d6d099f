package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.IoSample;
import dev.switchboard.bench.common.Latencies;
import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one pub/sub cell on a {@link PubSubSystem}, the same way for ours and for Redis: opens N
 * subscriber connections and one publisher connection, subscribes them to a fresh channel, runs a
 * {@link WindowPublisher} through a warm-up and the measured window, waits until every subscriber
 * has every acknowledged publish (or a bound passed), then closes the connections.
 *
 * <p>Placement on the load generator's event loops is fixed: the publisher on loop 0; with a
 * publisher loop of its own, subscriber {@code i} on loop {@code 1 + (i mod (loops - 1))} (the
 * publisher's acknowledgements never wait behind subscribers' events), else on loop
 * {@code (i + 1) mod loops}.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class PubSubCell {

  private static final Logger LOG = LoggerFactory.getLogger(PubSubCell.class);

  /** Bound of connecting, subscribing and closing. */
  private static final Duration SETUP_BOUND = Duration.ofSeconds(60);

  /** How long past the window's end the last acknowledgements may take. */
  private static final Duration ACK_BOUND = Duration.ofSeconds(30);

  /** How long the subscribers may take to receive the last events once every publish is acked. */
  private static final Duration DELIVERY_BOUND = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final FixedLoops loops;
  private final int window;
  private final double rate;
  private final boolean ownPublisherLoop;

  /**
   * @param vertx  the load generator's Vert.x instance
   * @param window the most publishes unacknowledged at once
   */
  PubSubCell(Vertx vertx, int window) {
    this(vertx, window, 0);
  }

  /**
   * @param vertx  the load generator's Vert.x instance
   * @param window the most publishes unacknowledged at once
   * @param rate   publishes a second at most, 0 for as fast as the window allows
   */
  PubSubCell(Vertx vertx, int window, double rate) {
    this(vertx, window, rate, false);
  }

  /**
   * @param vertx            the load generator's Vert.x instance
   * @param window           the most publishes unacknowledged at once
   * @param rate             publishes a second at most, 0 for as fast as the window allows
   * @param ownPublisherLoop the publisher alone on loop 0, the subscribers on the other loops
   *                         (needs at least 2)
   */
  PubSubCell(Vertx vertx, int window, double rate, boolean ownPublisherLoop) {
    this.vertx = vertx;
    this.window = window;
    this.rate = rate;
    this.loops = new FixedLoops(vertx);
    if (ownPublisherLoop && loops.size() < 2) {
      throw new IllegalArgumentException("a publisher loop of its own needs 2 event loops");
    }
    this.ownPublisherLoop = ownPublisherLoop;
  }

  /**
   * @return the number of event loops the connections are spread over (the publisher's own
   *     included)
   */
  int eventLoops() {
    return loops.size();
  }

  /**
   * Runs one cell.
   *
   * @param system      the system
   * @param subscribers N, positive
   * @param round       the round, for the report
   * @param warmup      warm-up before the measured window
   * @param duration    the measured window
   * @return the result
   * @throws IllegalStateException when a step does not complete within its bound
   */
  PubSubResult run(PubSubSystem system, int subscribers, int round, Duration warmup,
                   Duration duration) {
    String channel = "bench-" + UUID.randomUUID();
    List<Future<PubSubConnection>> opening = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      opening.add(system.connect(context(subscriberLoop(i)), i));
    }
    opening.add(system.connect(context(0), -1));
    return CellClients.with(system, opening, SETUP_BOUND, connections ->
        measure(system, subscribers, round, warmup, duration, channel, connections));
  }

  private PubSubResult measure(PubSubSystem system, int subscribers, int round, Duration warmup,
                               Duration duration, String channel,
                               List<PubSubConnection> connections) {
    List<SubscriberTally> tallies = CellClients.subscribe(system, connections, subscribers,
        channel, SETUP_BOUND);
    Optional<PubSubSystem.ServerCounters> countersBefore = system.counters();

    long origin = System.nanoTime();
    Instant wallOrigin = Instant.now();
    long windowStart = origin + warmup.toNanos();
    long windowEnd = windowStart + duration.toNanos();
    CellClients.begin(tallies, connections, origin, windowStart, windowEnd, SETUP_BOUND);

    List<Long> loadPid = List.of(ProcessHandle.current().pid());
    List<Long> serverPids = system.serverPids();
    CpuSample[] cpu = new CpuSample[4];
    IoSample[] io = new IoSample[4];
    Promise<Void> cpuAtStart = Promise.promise();
    Promise<Void> cpuAtEnd = Promise.promise();
    long untilStart = Math.max(1, (windowStart - System.nanoTime()) / 1_000_000);
    vertx.setTimer(untilStart, id -> {
      cpu[0] = CpuSample.take(loadPid);
      cpu[1] = CpuSample.take(serverPids);
      io[0] = IoSample.take(loadPid);
      io[1] = IoSample.take(serverPids);
      cpuAtStart.complete();
    });
    vertx.setTimer(untilStart + duration.toMillis(), id -> {
      cpu[2] = CpuSample.take(loadPid);
      cpu[3] = CpuSample.take(serverPids);
      io[2] = IoSample.take(loadPid);
      io[3] = IoSample.take(serverPids);
      cpuAtEnd.complete();
    });

    PubSubConnection publisherConnection = connections.get(subscribers);
    WindowPublisher publisher = new WindowPublisher(publisherConnection, channel, window, origin,
        windowStart, windowEnd, rate);
    Await.result(publisher.run(), warmup.plus(duration).plus(ACK_BOUND),
        "publishing to " + system.label());
    long acked = publisher.acked();
    if (publisher.failure() != null) {
      LOG.warn("{}, {} subscribers: a publish failed after {} acknowledged: {}", system.label(),
          subscribers, acked, publisher.failure().toString());
    }
    try {
      Await.result(Await.until(vertx, 10, DELIVERY_BOUND, () -> Future.succeededFuture(
              tallies.stream().allMatch(t -> t.received() >= acked))),
          DELIVERY_BOUND.plusSeconds(5), "subscribers receiving every publish");
    } catch (IllegalStateException e) {
      LOG.warn("{}, {} subscribers: not every event arrived within {} s of the last ack",
          system.label(), subscribers, DELIVERY_BOUND.toSeconds());
    }
    Await.result(Future.all(cpuAtStart.future(), cpuAtEnd.future()), SETUP_BOUND, "CPU samples");
    Optional<PubSubSystem.ServerCounters> countersAfter = system.counters();

    long received = 0;
    long inWindow = 0;
    long missing = 0;
    long backwards = 0;
    long malformed = 0;
    List<Histogram> histograms = new ArrayList<>();
    for (SubscriberTally t : tallies) {
      received += t.received();
      inWindow += t.inWindow();
      missing += t.missing();
      backwards += t.backwards();
      malformed += t.malformed();
      histograms.add(t.latencies());
    }
    if (malformed > 0) {
      LOG.warn("{}, {} subscribers: {} payloads were not the benchmark's", system.label(),
          subscribers, malformed);
    }
    Histogram latencies = Latencies.merge(histograms);
    long drops = countersAfter.isPresent() && countersBefore.isPresent()
        ? countersAfter.get().since(countersBefore.get()).drops() : -1;
    Instant wallStart = wallOrigin.plus(warmup);
    return new PubSubResult(system.label(), system.key(), subscribers, round,
        duration.toNanos() / 1e9, publisher.ackedInWindow(), inWindow,
        Latencies.percentileMicros(latencies, 0.50),
        Latencies.percentileMicros(latencies, 0.99),
        publisher.sent(), acked, received, missing, backwards + malformed, drops,
        cpu[0].userSecondsUntil(cpu[2]) + cpu[0].systemSecondsUntil(cpu[2]),
        cpu[1].userSecondsUntil(cpu[3]) + cpu[1].systemSecondsUntil(cpu[3]),
        cpu[1].systemSecondsUntil(cpu[3]), io[3].since(io[1]), io[2].since(io[0]),
        cpu[0].machineBusyUntil(cpu[2]), wallStart, wallStart.plus(duration), null);
  }

  /** @return the event loop of subscriber {@code i} (see the class comment) */
  private int subscriberLoop(int i) {
    return ownPublisherLoop ? 1 + i % (loops.size() - 1) : i + 1;
  }

  private Context context(int index) {
    return loops.context(index);
  }
}
