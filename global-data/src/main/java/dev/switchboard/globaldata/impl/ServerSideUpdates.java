package dev.switchboard.globaldata.impl;

import com.hazelcast.map.IMap;
import dev.switchboard.globaldata.Exchange;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.Update;
import dev.switchboard.globaldata.UpdateFunctions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GlobalData's server-side updates beyond Workerman's ({@code compareAndExchange},
 * {@code getAndSet}, {@code max}, {@code min}, {@code append}, {@code merge},
 * {@code incrementIfLess}, {@code update}): each checks its input on the caller, then runs one
 * {@link UpdateProcessor} on the key's partition owner through the subclass's counted, timed
 * call, and turns its {@link UpdateOutcome} into the caller's result.
 *
 * <p>Thread-safe: stateless beyond what the subclass gives.
 */
abstract class ServerSideUpdates implements GlobalData {

  /**
   * Runs one Hazelcast operation, counted and timed under its name, as every other operation.
   *
   * @param op     the operation's name (a metrics label)
   * @param key    the key, checked first
   * @param start  starts the operation; may throw a {@link GlobalDataException}
   * @param mapper turns its result into the caller's; may throw one
   * @return the caller's result, on the caller's context
   */
  abstract <R, T> Future<T> run(String op, String key, Supplier<CompletionStage<R>> start,
      Function<R, T> mapper);

  /** @return the map of the variables */
  abstract IMap<String, String> updatedMap();

  /** @return the largest encoded value */
  abstract int maxValueSize();

  @Override
  public Future<Exchange> compareAndExchange(String key, Object expected, Object value) {
    return exchange(key, expected, value, null);
  }

  @Override
  public Future<Exchange> compareAndExchange(String key, Object expected, Object value,
      Duration ttl) {
    return exchange(key, expected, value, ttl);
  }

  private Future<Exchange> exchange(String key, Object expected, Object value, Duration ttl) {
    return update("compare_and_exchange", key, () -> UpdateProcessor.exchange(
            expected == null ? null : encode(key, expected), encode(key, value), ttlMillis(key, ttl)),
        outcome -> new Exchange(outcome.applied(), JsonValues.decode(outcome.current())));
  }

  @Override
  public Future<Object> getAndSet(String key, Object value) {
    return getAndSet(key, value, null);
  }

  @Override
  public Future<Object> getAndSet(String key, Object value, Duration ttl) {
    return update("get_and_set", key, () -> UpdateProcessor.getAndSet(encode(key, value),
        ttlMillis(key, ttl)), outcome -> JsonValues.decode(outcome.previous()));
  }

  @Override
  public Future<Update> max(String key, Number value) {
    return update("max", key, () -> UpdateProcessor.extreme(
        JsonValues.normaliseStep(key, value), true), ServerSideUpdates::result);
  }

  @Override
  public Future<Update> min(String key, Number value) {
    return update("min", key, () -> UpdateProcessor.extreme(
        JsonValues.normaliseStep(key, value), false), ServerSideUpdates::result);
  }

  @Override
  public Future<Update> incrementIfLess(String key, Number step, Number limit) {
    return incrementIfLess(key, step, limit, null);
  }

  @Override
  public Future<Update> incrementIfLess(String key, Number step, Number limit, Duration ttl) {
    return update("increment_if_less", key, () -> UpdateProcessor.incrementIfLess(
        JsonValues.normaliseStep(key, step), JsonValues.normaliseStep(key, limit),
        ttlMillis(key, ttl)), ServerSideUpdates::result);
  }

  @Override
  public Future<Update> append(String key, Object value, int maxLength) {
    return update("append", key, () -> {
      if (maxLength < 1) {
        throw new GlobalDataException(Reason.INVALID_VALUE, "maxLength must be at least 1, not "
            + maxLength + " [key=" + key + "]");
      }
      return UpdateProcessor.append(encode(key, value), maxLength, maxValueSize());
    }, ServerSideUpdates::result);
  }

  @Override
  public Future<Update> merge(String key, JsonObject patch) {
    return update("merge", key, () -> UpdateProcessor.merge(encode(key, patch), maxValueSize()),
        ServerSideUpdates::result);
  }

  @Override
  public Future<Update> update(String key, String function, Object argument) {
    return update("update", key, () -> {
      if (!FunctionRegistry.validName(function)) {
        throw new GlobalDataException(Reason.UNKNOWN_FUNCTION, "Update function name must be 1 "
            + "to " + UpdateFunctions.MAX_NAME_LENGTH + " letters, digits, '.', '_', '-' or ':' "
            + "[key=" + key + "]");
      }
      return UpdateProcessor.function(function,
          argument == null ? null : encode(key, argument), maxValueSize());
    }, ServerSideUpdates::result);
  }

  private <T> Future<T> update(String op, String key, Supplier<UpdateProcessor> processor,
      Function<UpdateOutcome, T> mapper) {
    return run(op, key, () -> updatedMap().submitToKey(key, processor.get()),
        outcome -> mapper.apply(outcome.orThrow()));
  }

  private static Update result(UpdateOutcome outcome) {
    return new Update(outcome.applied(), JsonValues.decode(outcome.previous()),
        JsonValues.decode(outcome.current()));
  }

  private String encode(String key, Object value) {
    return JsonValues.encode(key, value, maxValueSize());
  }

  /**
   * @return the time to live in ms, rounded up to whole seconds as for {@code set}; 0 (none) for
   *     null, as {@code set} and {@code cas} take a null ttl
   */
  private static long ttlMillis(String key, Duration ttl) {
    return ttl == null ? 0 : TimeUnit.SECONDS.toMillis(HazelcastGlobalData.ttlSeconds(key, ttl));
  }
}
