package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Latencies;
import dev.switchboard.globaldata.GlobalData;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.HdrHistogram.Histogram;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One logical client: a verticle that keeps exactly one GlobalData operation outstanding (issue,
 * wait for its future, issue the next) until the end of the measured window. Being a verticle,
 * each caller gets its own event-loop context, so callers spread over the event loops as a Vert.x
 * application's would.
 *
 * <p>An operation counts as measured when it started at or after the window's start and
 * completed before its end; only measured operations give latencies. For {@link Op#CAS} every
 * cas call (true or false) gives a latency, only true ones count as operations, and a false one
 * is a conflict followed by a {@code get} that refreshes the known value (not timed as an
 * operation, but it takes the caller's time, as it would a real client's). {@link
 * Op#CAS_EXCHANGE} is the same loop, the value found coming back with the failure (no
 * {@code get}); {@link Op#UPDATE} counts every successful call, as increments do.
 *
 * <p>Not thread-safe: every field is used on the caller's context only; the counters are read
 * once {@link #run} has completed.
 */
final class Caller extends VerticleBase {

  private static final Long ONE = 1L;

  private final GlobalData data;
  private final Op op;
  private final String[] keys;
  private final AtomicLongArray known;
  private final Histogram latencies;
  private final Promise<Void> done = Promise.promise();

  private long measureStart;
  private long measureEnd;
  private boolean issuing;
  private long applied;
  private long measured;
  private long conflicts;
  private long errors;
  private Throwable firstError;

  /**
   * @param data      the GlobalData to call
   * @param op        the operation
   * @param keys      the key set; a random one is used per operation
   * @param known     for {@link Op#CAS}: the highest value seen per key, shared by the callers of
   *                  one cell (see {@link CellRunner}); unused for increments
   * @param latencies where this caller's measured latencies go (nanoseconds), recorded on its
   *                  context only
   */
  Caller(GlobalData data, Op op, String[] keys, AtomicLongArray known, Histogram latencies) {
    this.data = data;
    this.op = op;
    this.keys = keys;
    this.known = known;
    this.latencies = latencies;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }

  /**
   * Starts the loop on this caller's context. Operations before {@code measureStart} are
   * warm-up; no operation is issued at or after {@code measureEnd}.
   *
   * @param measureStartNanos start of the measured window, {@link System#nanoTime()} time
   * @param measureEndNanos   end of the measured window, {@link System#nanoTime()} time
   * @return a future completed once the last operation has completed, failed when an operation
   *     could not even be issued
   */
  Future<Void> run(long measureStartNanos, long measureEndNanos) {
    context.runOnContext(v -> {
      measureStart = measureStartNanos;
      measureEnd = measureEndNanos;
      next();
    });
    return done.future();
  }

  /** @return successful operations over the whole run (warm-up included): what the data holds */
  long applied() {
    return applied;
  }

  /** @return successful operations inside the measured window */
  long measured() {
    return measured;
  }

  /** @return cas calls that returned false inside the measured window */
  long conflicts() {
    return conflicts;
  }

  /** @return failed operations over the whole run */
  long errors() {
    return errors;
  }

  /** @return the first failure, or null */
  Throwable firstError() {
    return firstError;
  }

  private void next() {
    long now = System.nanoTime();
    if (now - measureEnd >= 0) {
      done.tryComplete();
      return;
    }
    int index = keys.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(keys.length);
    issuing = true;
    try {
      switch (op) {
        case INCREMENT -> increment(index, now);
        case CAS -> cas(index, now);
        case CAS_EXCHANGE -> exchange(index, now);
        case UPDATE -> update(index, now);
        default -> throw new IllegalStateException("unknown op " + op);
      }
    } catch (RuntimeException | Error e) {
      // GlobalData reports failures through its futures: a throw is a broken set-up (such as a
      // class missing from the class path), so the cell fails now rather than at its time bound
      failed(e);
      done.tryFail(e);
    } finally {
      issuing = false;
    }
  }

  /** Goes on with the next operation, off the stack when a future completed synchronously. */
  private void proceed() {
    if (issuing) {
      context.runOnContext(v -> next());
    } else {
      next();
    }
  }

  private void increment(int index, long start) {
    counted(data.increment(keys[index], ONE), start);
  }

  private void update(int index, long start) {
    counted(data.update(keys[index], BenchFunctions.ADD, ONE), start);
  }

  /** An operation that always succeeds unless it fails: every success counts. */
  private void counted(Future<?> call, long start) {
    call.onComplete(ar -> {
      long end = System.nanoTime();
      if (ar.succeeded()) {
        applied++;
        if (inWindow(start, end)) {
          measured++;
          Latencies.record(latencies, end - start);
        }
      } else {
        failed(ar.cause());
      }
      proceed();
    });
  }

  private void cas(int index, long start) {
    long expected = known.get(index);
    data.cas(keys[index], expected, expected + 1).onComplete(ar -> compared(index, expected,
        start, ar.cause(), ar.succeeded() && ar.result(), () -> reread(index)));
  }

  /** As {@link #cas}, the value found on a conflict coming back with the failure: no get. */
  private void exchange(int index, long start) {
    long expected = known.get(index);
    data.compareAndExchange(keys[index], expected, expected + 1).onComplete(ar -> compared(index,
        expected, start, ar.cause(), ar.succeeded() && ar.result().succeeded(),
        () -> found(index, ar.result().current())));
  }

  /** The end of a cas or an exchange: counts it, then goes on or, on a conflict, recovers. */
  private void compared(int index, long expected, long start, Throwable failure, boolean stored,
      Runnable onConflict) {
    long end = System.nanoTime();
    if (failure != null) {
      failed(failure);
      proceed();
      return;
    }
    boolean window = inWindow(start, end);
    if (window) {
      Latencies.record(latencies, end - start);
    }
    if (stored) {
      applied++;
      if (window) {
        measured++;
      }
      raise(index, expected + 1);
      proceed();
    } else {
      if (window) {
        conflicts++;
      }
      onConflict.run();
    }
  }

  private void found(int index, Object current) {
    if (current instanceof Number value) {
      raise(index, value.longValue());
    } else {
      failed(new IllegalStateException("key vanished: " + keys[index]));
    }
    proceed();
  }

  private void reread(int index) {
    data.get(keys[index], Number.class).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        raise(index, ar.result().longValue());
      } else {
        failed(ar.succeeded() ? new IllegalStateException("key vanished: " + keys[index])
            : ar.cause());
      }
      proceed();
    });
  }

  private void raise(int index, long value) {
    known.accumulateAndGet(index, value, Math::max);
  }

  private boolean inWindow(long start, long end) {
    return start - measureStart >= 0 && end - measureEnd < 0;
  }

  private void failed(Throwable cause) {
    errors++;
    if (firstError == null) {
      firstError = cause;
    }
  }
}
