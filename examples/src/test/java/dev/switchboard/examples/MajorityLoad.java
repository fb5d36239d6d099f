package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load {@link PartitionUnderLoadIT} runs from its own JVM on the majority side: a publish on
 * channel {@value #CHANNEL} every {@value #PUBLISH_EVERY_MS} ms, alternately through a client of
 * host a and one of host b, and a group send to {@link PartitionLoadNode#GROUP} every
 * {@value #GROUP_SEND_EVERY_MS} ms through {@code Gateway.remote}. It counts what succeeded and
 * what failed, and when the last failure happened.
 *
 * <p>Threading: started and stopped from the test's thread; the timers and counters run on
 * {@code vertx}'s event loop, the counters are read from any thread.
 */
final class MajorityLoad {

  static final String CHANNEL = "load";
  static final String PUBLISH_PREFIX = "p-";
  static final String GROUP_SEND_PREFIX = "g-";
  private static final long PUBLISH_EVERY_MS = 50;
  private static final long GROUP_SEND_EVERY_MS = 200;
  /** Longest wait for the calls in flight when stopping (a call has 5 s to be answered). */
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final List<ChannelClient> publishers;
  private final Gateway gateway;
  final AtomicLong publishesAcked = new AtomicLong();
  final AtomicLong publishesFailed = new AtomicLong();
  final AtomicLong groupSendsAcked = new AtomicLong();
  final AtomicLong groupSendsFailed = new AtomicLong();
  /** Epoch ms of the last failed publish or group send, 0 for none. */
  final AtomicLong lastFailureAt = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private long sequence;
  private volatile long publishTimer = -1;
  private volatile long groupTimer = -1;

  MajorityLoad(Vertx vertx, List<ChannelClient> publishers, Gateway gateway) {
    this.vertx = vertx;
    this.publishers = List.copyOf(publishers);
    this.gateway = gateway;
  }

  void start() {
    vertx.runOnContext(v -> {
      publishTimer = vertx.setPeriodic(PUBLISH_EVERY_MS, t -> {
        long n = ++sequence;
        count(publishers.get((int) (n % publishers.size()))
            .publish(CHANNEL, PUBLISH_PREFIX + n), publishesAcked, publishesFailed);
      });
      groupTimer = vertx.setPeriodic(GROUP_SEND_EVERY_MS, t -> count(gateway.sendToGroup(
              PartitionLoadNode.GROUP, GROUP_SEND_PREFIX + (++sequence), List.of()),
          groupSendsAcked, groupSendsFailed));
    });
  }

  /** Stops the timers; the future completes once nothing is in flight (fails after a bound). */
  Future<Void> stop() {
    Promise<Void> cancelled = Promise.promise();
    vertx.runOnContext(v -> {
      vertx.cancelTimer(publishTimer);
      vertx.cancelTimer(groupTimer);
      cancelled.complete();
    });
    return cancelled.future().compose(v -> Await.until(vertx, 50, STOP_BOUND,
        () -> Future.succeededFuture(inFlight.get() == 0)));
  }

  private void count(Future<?> call, AtomicLong acked, AtomicLong failed) {
    inFlight.incrementAndGet();
    call.onComplete(ar -> {
      inFlight.decrementAndGet();
      if (ar.succeeded()) {
        acked.incrementAndGet();
      } else {
        failed.incrementAndGet();
        lastFailureAt.set(System.currentTimeMillis());
      }
    });
  }
}
