package dev.switchboard.globaldata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The operations of {@link GlobalData} beyond Workerman's: {@code compareAndExchange}, a cas that
 * returns the value it found, and server-side updates that run once on the key's partition owner
 * as one entry processor, with no retry loop, the backup replica getting the owner's written value
 * (see docs/global-data.md, "Beyond Workerman's cas").
 *
 * <p>Bad input fails the returned future with a {@link GlobalDataException} and touches nothing,
 * as for every GlobalData operation. Threading: as {@link GlobalData}: any thread, never blocks,
 * futures complete on the calling Vert.x context.
 */
public interface GlobalDataUpdates {

  /**
   * Compare-and-exchange: {@link GlobalData#cas(String, Object, Object)} that also returns the value it
   * found, so a retry loop needs no {@link GlobalData#get(String)} after a lost race. Compares as {@code cas} does
   * (by JSON value; {@code expected == null} means "only if absent"); a stored value has no
   * expiry.
   *
   * <pre>{@code
   * Future<Void> raise(GlobalData data, Object known) {      // known: last value seen, or null
   *   return data.compareAndExchange("doc", known, next(known)).compose(x ->
   *       x.succeeded() ? Future.succeededFuture() : raise(data, x.current()));
   * }
   * }</pre>
   *
   * @param key      the key
   * @param expected the value the key must hold, or null for absent
   * @param value    the new JSON-compatible value
   * @return a future completed with whether it stored and the value the key now holds (the new
   *     one on success, the one found on failure, null when absent)
   */
  Future<Exchange> compareAndExchange(String key, Object expected, Object value);

  /**
   * Compare-and-exchange with a time to live on the new value (as
   * {@link GlobalData#cas(String, Object, Object, Duration)}).
   *
   * @param key      the key
   * @param expected the value the key must hold, or null for absent
   * @param value    the new JSON-compatible value
   * @param ttl      time to live of the new value, positive, rounded up to whole seconds
   * @return as {@link #compareAndExchange(String, Object, Object)}
   */
  Future<Exchange> compareAndExchange(String key, Object expected, Object value, Duration ttl);

  /**
   * Stores a value without expiry and returns the one it replaced, atomically.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @return a future completed with the previous value, or null when the key was absent
   */
  Future<Object> getAndSet(String key, Object value);

  /**
   * Stores a value with a time to live and returns the one it replaced, atomically.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @param ttl   time to live, positive, rounded up to whole seconds
   * @return a future completed with the previous value, or null when the key was absent
   */
  Future<Object> getAndSet(String key, Object value, Duration ttl);

  /**
   * Stores {@code value} when it is greater than the current number, on the key's owner, with no
   * retry loop. An absent key is created holding {@code value} (without expiry); an existing
   * entry keeps its expiry. Numbers compare exactly by numeric value.
   *
   * @param key   the key
   * @param value the candidate, a finite number
   * @return a future completed with the {@link Update} (applied when it raised or created the
   *     value); failed {@link GlobalDataException.Reason#NOT_NUMERIC} when the value is not a
   *     number, {@link GlobalDataException.Reason#INVALID_VALUE} for a null or non-finite
   *     candidate
   */
  Future<Update> max(String key, Number value);

  /**
   * As {@link #max(String, Number)}, keeping the smaller number.
   *
   * @param key   the key
   * @param value the candidate, a finite number
   * @return a future completed with the {@link Update}; failed as {@link #max}
   */
  Future<Update> min(String key, Number value);

  /**
   * Adds {@code step} when the result does not exceed {@code limit} (for a step of 1: when the
   * current value is less than {@code limit}), atomically on the key's owner: a rate limit or a
   * bounded counter without a retry loop. An absent key counts as 0 and is created (without
   * expiry) when the increment is allowed; an existing entry keeps its expiry.
   *
   * @param key   the key
   * @param step  the amount to add
   * @param limit the largest value the increment may reach
   * @return a future completed with the {@link Update}: applied when it incremented, with the
   *     value before and after; failed as {@link GlobalData#increment} except that an absent key is not
   *     an error
   */
  Future<Update> incrementIfLess(String key, Number step, Number limit);

  /**
   * As {@link #incrementIfLess(String, Number, Number)}, giving an entry it creates a time to
   * live (a fixed window: {@code incrementIfLess("rate:" + user + ":" + minute, 1, 100,
   * Duration.ofMinutes(1))}); an existing entry keeps its expiry.
   *
   * @param key   the key
   * @param step  the amount to add
   * @param limit the largest value the increment may reach
   * @param ttl   time to live of an entry this call creates, positive, rounded up to whole seconds
   * @return as {@link #incrementIfLess(String, Number, Number)}
   */
  Future<Update> incrementIfLess(String key, Number step, Number limit, Duration ttl);

  /**
   * Appends a value to a JSON array on the key's owner, keeping at most {@code maxLength}
   * elements: the oldest (first) ones beyond it are dropped. An absent key is created holding
   * {@code [value]} (without expiry); an existing entry keeps its expiry. The whole array must
   * still fit {@link GlobalDataOptions#getMaxValueSize()}, or nothing changes.
   *
   * @param key       the key
   * @param value     the JSON-compatible element (an array is added as one element)
   * @param maxLength the most elements kept, at least 1
   * @return a future completed with the {@link Update} (the array before and after); failed
   *     {@link GlobalDataException.Reason#WRONG_TYPE} when the value is not an array,
   *     {@link GlobalDataException.Reason#VALUE_TOO_LARGE} when the result would be too large,
   *     {@link GlobalDataException.Reason#INVALID_VALUE} for a bad element or maxLength
   */
  Future<Update> append(String key, Object value, int maxLength);

  /**
   * Merges a JSON merge patch (RFC 7386) into a JSON object on the key's owner: a field set to
   * null in the patch removes the field, a nested object merges recursively, any other value
   * (arrays included) replaces the field. An absent key counts as an empty object and is created
   * (without expiry); an existing entry keeps its expiry. The result must fit
   * {@link GlobalDataOptions#getMaxValueSize()}, or nothing changes.
   *
   * @param key   the key
   * @param patch the patch
   * @return a future completed with the {@link Update} (applied when the object changed); failed
   *     {@link GlobalDataException.Reason#WRONG_TYPE} when the value is not an object
   */
  Future<Update> merge(String key, JsonObject patch);

  /**
   * Runs the update function registered under {@code function} on the member owning the key
   * ({@link UpdateFunction}, {@link UpdateFunctions}), atomically, once, and stores what it
   * returns: null deletes the key, a value equal to the current one changes nothing. An existing
   * entry keeps its expiry; a created one has none. In client mode the function runs on the
   * members, so only names registered there exist.
   *
   * @param key      the key
   * @param function the registered name
   * @param argument a JSON-compatible argument for the function, or null
   * @return a future completed with the {@link Update}; failed
   *     {@link GlobalDataException.Reason#UNKNOWN_FUNCTION} when the owner has no function of
   *     that name, {@link GlobalDataException.Reason#FUNCTION_FAILED} when it threw (the message
   *     names the function and the exception's message),
   *     {@link GlobalDataException.Reason#INVALID_VALUE} or
   *     {@link GlobalDataException.Reason#VALUE_TOO_LARGE} when it returned a value that cannot
   *     be stored; in each case nothing changed
   */
  Future<Update> update(String key, String function, Object argument);
}
