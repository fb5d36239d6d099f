package dev.switchboard.globaldata;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers that increment one key by 1, each one call at a time, until stopped, counting every
 * outcome and keeping every value returned: the load of the crash tests, which then check that
 * no acknowledged increment was lost, none invented, and no value returned twice.
 *
 * <p>Thread-safe: the callers' callbacks run on event loops, the test reads from its own thread.
 */
final class IncrementLoad {

  private final GlobalData data;
  private final String key;
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong repeated = new AtomicLong();
  private final Set<Long> values = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Future<Void>> callers = new ArrayList<>();
  /** Completed once {@link #acknowledged} reaches {@link #awaited}; guarded by this. */
  private Promise<Void> reached;
  private long awaited;

  private IncrementLoad(GlobalData data, String key) {
    this.data = data;
    this.key = key;
  }

  /**
   * @param vertx   where the callers run
   * @param data    the GlobalData they call
   * @param key     the key they increment
   * @param callers how many
   * @return the running load
   */
  static IncrementLoad start(Vertx vertx, GlobalData data, String key, int callers) {
    IncrementLoad load = new IncrementLoad(data, key);
    for (int i = 0; i < callers; i++) {
      Promise<Void> done = Promise.promise();
      load.callers.add(done.future());
      vertx.runOnContext(v -> load.loop(done));
    }
    return load;
  }

  /**
   * @param count a number of acknowledged increments
   * @return completed once that many have been acknowledged
   */
  synchronized Future<Void> reach(long count) {
    reached = Promise.promise();
    awaited = count;
    check();
    return reached.future();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** @return completed once every caller has stopped */
  Future<Void> stop() {
    stop.set(true);
    return Future.all(callers).mapEmpty();
  }

  /**
   * Checks the key's final value against the outcomes: at least every acknowledged increment, at
   * most every attempted one, and every acknowledged caller got a value of its own.
   *
   * @param counter the key's value once the load has stopped
   */
  void assertAccountedFor(long counter) {
    assertThat(counter).as("counter (acknowledged %d, failed %d)", acknowledged.get(),
        failed.get()).isBetween(acknowledged.get(), attempted.get());
    assertThat(repeated.get()).as("values returned to two callers").isZero();
    assertThat(values).hasSize((int) acknowledged.get()).allMatch(v -> v >= 1 && v <= counter);
  }

  @Override
  public String toString() {
    return "attempted=" + attempted + " acknowledged=" + acknowledged + " failed=" + failed;
  }

  private synchronized void check() {
    if (reached != null && acknowledged.get() >= awaited) {
      reached.tryComplete();
    }
  }

  private void loop(Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    attempted.incrementAndGet();
    data.increment(key, 1).onComplete(ar -> {
      if (ar.succeeded()) {
        if (!values.add(ar.result().longValue())) {
          repeated.incrementAndGet();
        }
        acknowledged.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      check();
      loop(done);
    });
  }
}
