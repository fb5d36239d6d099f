package dev.switchboard.globaldata.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.globaldata.UpdateFunctions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link GlobalData} on a Hazelcast {@link IMap} of JSON text values, for members and clients
 * alike: the same operations run whichever kind of {@link HazelcastInstance} it is given.
 *
 * <p>Thread-safe: the only mutable state is the closed flag (volatile, read by every call) and
 * the close itself (under this object's lock).
 */
public final class HazelcastGlobalData extends ServerSideUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastGlobalData.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private final int maxValueSize;
  private final int maxKeyLength;
  private final boolean ownsInstance;
  private final GlobalDataMeters meters;
  private final IncrementBatcher increments;
  private volatile boolean closed;
  /** The close under way or done, null before {@link #close()}; guarded by this. */
  private Future<Void> closing;

  private HazelcastGlobalData(Vertx vertx, HazelcastInstance hazelcast, GlobalDataOptions options,
                              boolean ownsInstance) {
    AsyncExecutorCheck.warnOnce();
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(options.getMapName());
    this.maxValueSize = options.getMaxValueSize();
    this.maxKeyLength = options.getMaxKeyLength();
    this.ownsInstance = ownsInstance;
    this.meters = GlobalDataMeters.of(NodeMetrics.registry(vertx, options.getMetrics()));
    meters.localMap(hazelcast, map);
    this.increments = new IncrementBatcher(map, meters.batchSteps("increment"));
  }

  /**
   * Member mode on the Hazelcast member the given clustered node runs.
   *
   * @param vertx   a clustered Vert.x node
   * @param options the options
   * @return the GlobalData
   */
  public static GlobalData member(Vertx vertx, GlobalDataOptions options) {
    HazelcastInstance member = MemberLookup.find(vertx);
    UpdateFunctions.register(member, options.getUpdateFunctions());
    return over(vertx, member, options, false);
  }

  /**
   * GlobalData on a given Hazelcast instance.
   *
   * @param vertx        the Vert.x instance whose contexts complete the futures
   * @param hazelcast    a member or a client
   * @param options      the options (copied)
   * @param ownsInstance whether {@link #close()} shuts the instance down
   * @return the GlobalData
   */
  public static GlobalData over(Vertx vertx, HazelcastInstance hazelcast, GlobalDataOptions options,
                                boolean ownsInstance) {
    return new HazelcastGlobalData(vertx, hazelcast, new GlobalDataOptions(options), ownsInstance);
  }

  /**
   * Client mode: starts a Hazelcast client (blocking, so on a worker thread) that reconnects
   * by itself after losing the cluster.
   *
   * @param vertx   any Vert.x instance
   * @param options the members, cluster name and connect timeout
   * @return a future completed once the client has connected, failed with NO_MEMBER when it
   *     has not within the connect timeout
   */
  public static Future<GlobalData> client(Vertx vertx, GlobalDataOptions options) {
    GlobalDataOptions copy = new GlobalDataOptions(options);
    if (copy.getClusterName() == null) {
      // no shared default: a client joins the cluster whose own name it was given, never one
      // that happens to use a well-known name
      return Future.failedFuture(new IllegalArgumentException("clusterName must be set for "
          + "client mode: the name of the cluster to join (there is no default)"));
    }
    if (!copy.getUpdateFunctions().isEmpty()) {
      LOG.warn("GlobalData client: updateFunctions ignored, update functions run on the members "
          + "and must be registered there");
    }
    return vertx.executeBlocking(() -> ClientConnector.connect(copy), false)
        .<GlobalData>map(client -> {
          LOG.info("GlobalData client connected to cluster {} through {}",
              copy.getClusterName(), copy.getMembers());
          return over(vertx, client, copy, true);
        })
        .recover(e -> Future.failedFuture(e instanceof GlobalDataException ? e
            : new GlobalDataException(Reason.NO_MEMBER, "Cannot start a client of cluster "
                + copy.getClusterName() + " at " + copy.getMembers(), e)));
  }

  @Override
  public Future<Object> get(String key) {
    return call("get", key, () -> map.getAsync(key), JsonValues::decode);
  }

  @Override
  public <T> Future<T> get(String key, Class<T> type) {
    return get(key).compose(value -> {
      if (value == null || type.isInstance(value)) {
        return Future.succeededFuture(type.cast(value));
      }
      return Future.failedFuture(new GlobalDataException(Reason.WRONG_TYPE, "Value is a "
          + value.getClass().getSimpleName() + ", not a " + type.getSimpleName()
          + " [key=" + key + "]"));
    });
  }

  @Override
  public Future<Void> set(String key, Object value) {
    return store(key, value, null);
  }

  @Override
  public Future<Void> set(String key, Object value, Duration ttl) {
    return store(key, value, ttl);
  }

  /** A null ttl means no expiry (also clearing one the entry had). */
  private Future<Void> store(String key, Object value, Duration ttl) {
    return call("set", key, () -> map.setAsync(key, encode(key, value),
        ttl == null ? 0 : ttlSeconds(key, ttl), TimeUnit.SECONDS), Function.identity());
  }

  @Override
  public Future<Boolean> add(String key, Object value) {
    return compareAndSet("add", key, null, value, null);
  }

  @Override
  public Future<Boolean> add(String key, Object value, Duration ttl) {
    return compareAndSet("add", key, null, value, ttl);
  }

  @Override
  public Future<Boolean> cas(String key, Object expected, Object value) {
    return compareAndSet("cas", key, expected, value, null);
  }

  @Override
  public Future<Boolean> cas(String key, Object expected, Object value, Duration ttl) {
    return compareAndSet("cas", key, expected, value, ttl);
  }

  /** {@code add} is a compare-and-set against "absent"; a null ttl means no expiry. */
  private Future<Boolean> compareAndSet(String op, String key, Object expected, Object value,
      Duration ttl) {
    return call(op, key, () -> map.submitToKey(key, new CasProcessor(
        expected == null ? null : encode(key, expected), encode(key, value),
        ttl == null ? 0 : ttlSeconds(key, ttl))), Function.identity());
  }

  @Override
  public Future<Number> increment(String key, Number step) {
    return increment(key, step, false);
  }

  @Override
  public Future<Number> incrementOrCreate(String key, Number step) {
    return increment(key, step, true);
  }

  private Future<Number> increment(String key, Number step, boolean create) {
    return call("increment", key, () -> increments.increment(key,
        JsonValues.normaliseStep(key, step), create), result -> {
          if (result instanceof IncrementProcessor.Failure failure) {
            throw new GlobalDataException(Reason.valueOf(failure.name()), switch (failure) {
              case NOT_FOUND -> "Cannot increment an absent key";
              case NOT_NUMERIC -> "Cannot increment a value that is not a number";
              case OVERFLOW -> "Increment would overflow";
            } + " [key=" + key + "]");
          }
          return (Number) result;
        });
  }

  @Override
  public Future<Boolean> delete(String key) {
    return call("delete", key, () -> map.removeAsync(key), previous -> previous != null);
  }

  @Override
  public Future<Boolean> exists(String key) {
    return call("exists", key, () -> map.getAsync(key), value -> value != null);
  }

  @Override
  public Future<Set<String>> keys() {
    return blocking("keys", () -> new HashSet<>(map.keySet()));
  }

  @Override
  public Future<Integer> size() {
    return blocking("size", map::size);
  }

  @Override
  <R, T> Future<T> run(String op, String key, Supplier<CompletionStage<R>> start,
      Function<R, T> mapper) {
    return call(op, key, start::get, mapper);
  }

  @Override
  IMap<String, String> updatedMap() {
    return map;
  }

  @Override
  int maxValueSize() {
    return maxValueSize;
  }

  /** Runs a Hazelcast call that has no asynchronous form on a worker thread. */
  private <T> Future<T> blocking(String op, Callable<T> call) {
    long started = System.nanoTime();
    if (closed) {
      return meters.measured(op, started, closedFuture());
    }
    return meters.measured(op, started, vertx.executeBlocking(call, false)
        .recover(e -> Future.failedFuture(translate(e))));
  }

  /** Every caller gets the one close: the flag is checked and set under the lock. */
  @Override
  public synchronized Future<Void> close() {
    if (closing != null) {
      return closing;
    }
    closed = true;
    closing = !ownsInstance ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      hazelcast.shutdown();
      return null;
    }, false);
    return closing;
  }

  /**
   * Starts one Hazelcast operation, counted and timed under its name; the caller's context gets
   * the mapped result.
   */
  private <R, T> Future<T> call(String op, String key, StageStarter<R> start,
      Function<R, T> mapper) {
    return meters.measured(op, System.nanoTime(), start(key, start, mapper));
  }

  private <R, T> Future<T> start(String key, StageStarter<R> start, Function<R, T> mapper) {
    if (closed) {
      return closedFuture();
    }
    Context context = vertx.getOrCreateContext();
    CompletionStage<R> stage;
    try {
      checkKey(key);
      stage = start.start();
    } catch (RuntimeException e) {
      return Future.failedFuture(translate(e));
    }
    Promise<T> promise = Promise.promise();
    // Complete straight on the caller's context: Hazelcast hands the result to this executor
    // instead of running the callback on its default async executor first (one hop less).
    stage.whenCompleteAsync((result, failure) -> {
      if (failure != null) {
        promise.fail(translate(failure));
        return;
      }
      try {
        promise.complete(mapper.apply(result));
      } catch (RuntimeException e) {
        promise.fail(translate(e));
      }
    }, task -> context.runOnContext(v -> task.run()));
    return promise.future();
  }

  private void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new GlobalDataException(Reason.INVALID_KEY, "Key must be a non-empty string");
    }
    if (key.length() > maxKeyLength) {
      throw new GlobalDataException(Reason.INVALID_KEY, "Key of " + key.length()
          + " characters is over the maximum of " + maxKeyLength);
    }
  }

  private String encode(String key, Object value) {
    return JsonValues.encode(key, value, maxValueSize);
  }

  /**
   * Hazelcast keeps expiry times at one-second resolution (a shorter time to live expires at
   * once), so a time to live is rounded up to whole seconds.
   */
  static long ttlSeconds(String key, Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new GlobalDataException(Reason.INVALID_TTL,
          "Time to live must be positive [key=" + key + "]");
    }
    return ttl.plusNanos(999_999_999L).getSeconds();
  }

  private <T> Future<T> closedFuture() {
    return Future.failedFuture(new GlobalDataException(Reason.CLOSED, "GlobalData is closed"));
  }

  private Throwable translate(Throwable failure) {
    return HazelcastFailures.translate(failure, closed);
  }

  /** Starts an asynchronous Hazelcast call; may throw a {@link GlobalDataException}. */
  @FunctionalInterface
  private interface StageStarter<R> {
    CompletionStage<R> start();
  }
}
