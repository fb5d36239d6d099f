package dev.switchboard.bench.soak;

import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;

import java.time.Duration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's GlobalData load: callers on one GlobalData client (client mode: a Hazelcast client
 * of the nodes' cluster) each keeping one {@code increment} of one key outstanding, with
 * {@value #PAUSE_MS} ms between two. At the end the key's value is compared with the
 * acknowledged increments ({@code docs/global-data.md}: a member crash cannot lose an
 * acknowledged write; a call that failed may or may not have been applied): acknowledged ≤ final
 * ≤ acknowledged + failed.
 *
 * <p>Thread-safe counters; the callers run on the client's callbacks.
 */
final class CounterLoad {

  static final String KEY = "soak.counter";
  private static final long PAUSE_MS = 10;

  /** The outcome. */
  record Result(long acked, long failed, long finalValue) {
    /** @return acknowledged increments missing from the final value */
    long lost() {
      return Math.max(0, acked - finalValue);
    }

    /** @return whether acknowledged ≤ final ≤ acknowledged + failed */
    boolean holds() {
      return acked <= finalValue && finalValue <= acked + failed;
    }
  }

  private final Vertx vertx;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopped;
  private final AtomicLong outstanding = new AtomicLong();
  private final CompletableFuture<Void> idle = new CompletableFuture<>();
  private GlobalData data;

  CounterLoad(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Connects the client, resets the key and starts the callers.
   *
   * @param cluster the nodes
   * @param callers how many
   * @throws Exception when the client cannot connect or the reset fails
   */
  void start(SoakCluster cluster, int callers) throws Exception {
    data = GlobalData.client(vertx, new GlobalDataOptions().setClusterName(cluster.clusterName())
        .setMembers(cluster.members())).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    data.set(KEY, 0L).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    for (int i = 0; i < callers; i++) {
      vertx.runOnContext(v -> next());
    }
  }

  private void next() {
    outstanding.incrementAndGet(); // before the check: stop() then waits for this call too
    if (stopped) {
      done();
      return;
    }
    data.increment(KEY, 1).onComplete(v -> {
      acked.incrementAndGet();
      done();
    }, e -> {
      failed.incrementAndGet();
      done();
    });
  }

  private void done() {
    if (outstanding.decrementAndGet() == 0 && stopped) {
      idle.complete(null);
    } else if (!stopped) {
      vertx.setTimer(PAUSE_MS, id -> next());
    }
  }

  /**
   * Stops the callers, waits for the calls in flight and reads the key.
   *
   * @return the counts
   * @throws Exception when the key cannot be read
   */
  Result stop() throws Exception {
    stopped = true;
    if (outstanding.get() == 0) {
      idle.complete(null);
    }
    idle.get(30, TimeUnit.SECONDS);
    Object value = data.get(KEY).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return new Result(acked.get(), failed.get(), ((Number) value).longValue());
  }

  /** @return increments acknowledged so far */
  long acked() {
    return acked.get();
  }

  /** Closes the client. */
  void close() {
    if (data != null) {
      Await.result(data.close(), Duration.ofSeconds(30), "closing the GlobalData client");
    }
  }
}
