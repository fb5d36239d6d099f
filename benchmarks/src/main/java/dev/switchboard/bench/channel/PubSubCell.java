package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.IoSample;
import dev.switchboard.bench.common.Latencies;
import dev.switchboard.core.internal.Contexts;
import dev.switchboard.testkit.Await;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
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
  private final List<EventLoop> loops = new ArrayList<>();
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
    // Vert.x internal: the event loops themselves, for the fixed placement (see context(int))
    for (EventExecutor executor : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops.add((EventLoop) executor);
    }
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
    List<PubSubConnection> connections = new ArrayList<>();
    List<Future<PubSubConnection>> opening = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        opening.add(system.connect(context(subscriberLoop(i)), i));
      }
      opening.add(system.connect(context(0), -1));
      Await.result(Future.join(opening), SETUP_BOUND, "connecting " + (subscribers + 1)
          + " clients to " + system.label());
      for (Future<PubSubConnection> f : opening) {
        if (f.succeeded()) {
          connections.add(f.result());
        }
      }
      if (connections.size() != opening.size()) {
        Throwable cause = opening.stream().filter(Future::failed).findFirst()
            .map(Future::cause).orElse(null);
        throw new IllegalStateException("a client did not connect: " + cause, cause);
      }
      return measure(system, subscribers, round, warmup, duration, channel, connections);
    } finally {
      List<Future<Void>> closing = new ArrayList<>();
      for (PubSubConnection c : connections) {
        closing.add(Contexts.onContext(c.context(), c::close));
      }
      // connections still opening (a bounded wait gave up on them): closed when they open
      opening.stream().filter(f -> !f.isComplete())
          .forEach(f -> f.onSuccess(c -> c.context().runOnContext(v -> c.close())));
      try {
        Await.result(Future.join(closing), SETUP_BOUND, "closing the clients");
      } catch (RuntimeException e) {
        LOG.warn("Closing the clients of {} failed: {}", system.label(), e.getMessage());
      }
    }
  }

  private PubSubResult measure(PubSubSystem system, int subscribers, int round, Duration warmup,
                               Duration duration, String channel,
                               List<PubSubConnection> connections) {
    List<SubscriberTally> tallies = new ArrayList<>();
    List<Future<Void>> subscribing = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      PubSubConnection c = connections.get(i);
      SubscriberTally tally = new SubscriberTally();
      tallies.add(tally);
      subscribing.add(Contexts.onContext(c.context(),
          () -> c.subscribe(channel, tally::onMessage)));
    }
    Await.result(Future.all(subscribing), SETUP_BOUND, "subscribing " + subscribers
        + " clients to " + system.label());
    Optional<PubSubSystem.ServerCounters> countersBefore = system.counters();

    long origin = System.nanoTime();
    Instant wallOrigin = Instant.now();
    long windowStart = origin + warmup.toNanos();
    long windowEnd = windowStart + duration.toNanos();
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      SubscriberTally tally = tallies.get(i);
      ready.add(Contexts.onContext(connections.get(i).context(), () -> {
        tally.begin(origin, windowStart, windowEnd);
        return Future.succeededFuture();
      }));
    }
    Await.result(Future.all(ready), SETUP_BOUND, "starting the subscribers' tallies");

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
    // Vert.x internal: no public API gives a context on a chosen event loop (the fixed placement)
    return ((VertxInternal) vertx).contextBuilder()
        .withEventLoop(loops.get(index % loops.size())).build();
  }
}
