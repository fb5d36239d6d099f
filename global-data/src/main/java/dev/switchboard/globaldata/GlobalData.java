package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.impl.HazelcastGlobalData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Set;

/**
 * Cluster-wide shared variables: Workerman's GlobalData on a Hazelcast map, with one synchronous
 * backup and atomic single-key operations.
 *
 * <p>Values are JSON-compatible: {@link String}, {@link Number}, {@link Boolean},
 * {@link io.vertx.core.json.JsonObject} and {@link io.vertx.core.json.JsonArray}; they are stored
 * as JSON text and compare by value (a JsonObject with other key order, or {@code 1} and
 * {@code 1L}, are equal). {@code null} is not a value: a key is either absent or holds a value.
 *
 * <p>Every write ({@link #set}, {@link #add}, {@link #cas}, {@link #increment}, {@link #delete})
 * is atomic cluster-wide and takes one network round trip to the key's partition owner; the
 * read-modify-write ones run there as entry processors, never as a get-then-put by the caller.
 *
 * <p>Beyond Workerman's operations ({@link GlobalDataUpdates}): {@link #compareAndExchange} (a
 * cas that returns what it found), and server-side updates that run once on the owner with no
 * retry loop ({@link #max}, {@link #min}, {@link #append}, {@link #merge}, {@link #getAndSet},
 * {@link #incrementIfLess}, and {@link #update} with a function registered on the members).
 *
 * <p>Bad input (null or empty key, a value that is not JSON-compatible, a value over
 * {@link GlobalDataOptions#getMaxValueSize()}, a call after {@link #close()}) fails the returned
 * future with a {@link GlobalDataException} and touches nothing.
 *
 * <p>Threading: every method may be called from any thread and never blocks. Returned futures
 * complete on the calling Vert.x context (the Vert.x instance's fresh context when called from a
 * non-Vert.x thread).
 */
public interface GlobalData extends GlobalDataUpdates {

  /**
   * Member mode with default options: uses the Hazelcast member this clustered Vert.x node runs.
   *
   * @param vertx a clustered Vert.x instance using the Hazelcast cluster manager
   * @return the GlobalData view of that member
   * @throws GlobalDataException with {@link GlobalDataException.Reason#NO_MEMBER} when the
   *     instance is not clustered over Hazelcast
   */
  static GlobalData member(Vertx vertx) {
    return member(vertx, new GlobalDataOptions());
  }

  /**
   * Member mode: uses the Hazelcast member this clustered Vert.x node runs.
   *
   * @param vertx   a clustered Vert.x instance using the Hazelcast cluster manager
   * @param options map name and limits; client settings are ignored; its
   *                {@code updateFunctions} are loaded and registered on the member
   * @return the GlobalData view of that member
   * @throws GlobalDataException with {@link GlobalDataException.Reason#NO_MEMBER} when the
   *     instance is not clustered over Hazelcast
   * @throws IllegalArgumentException when an update function cannot be loaded or registered
   */
  static GlobalData member(Vertx vertx, GlobalDataOptions options) {
    return HazelcastGlobalData.member(vertx, options);
  }

  /**
   * Member mode on a given Hazelcast instance (a member, or a client the caller manages).
   * {@link #close()} does not shut that instance down.
   *
   * @param vertx     the Vert.x instance whose contexts complete the futures
   * @param hazelcast the Hazelcast instance to use
   * @param options   map name and limits; client settings are ignored; its
   *                  {@code updateFunctions} are loaded and registered on the member (a client
   *                  given some is refused)
   * @return the GlobalData view of that instance
   * @throws IllegalArgumentException when an update function cannot be loaded or registered
   */
  static GlobalData member(Vertx vertx, HazelcastInstance hazelcast, GlobalDataOptions options) {
    UpdateFunctions.register(hazelcast, options.getUpdateFunctions());
    return HazelcastGlobalData.over(vertx, hazelcast, options, false);
  }

  /**
   * Client mode: connects a Hazelcast client to the members named in
   * {@link GlobalDataOptions#getMembers()}, for a process outside the cluster (a business
   * service). The process does not join the cluster and holds no data. {@link #close()} shuts
   * the client down.
   *
   * <p>After losing every member (an outage of the cluster, a network cut) the client
   * reconnects in the background until it is closed, however long that takes; calls made
   * meanwhile fail at once with {@link GlobalDataException.Reason#UNAVAILABLE}, and succeed
   * again once it has reconnected.
   *
   * @param vertx   any Vert.x instance (clustered or not)
   * @param options the members, cluster name, connect timeout, map name and limits
   * @return a future completed once connected, failed when no member answers within
   *     {@link GlobalDataOptions#getConnectTimeout()}, failed with an
   *     {@link IllegalArgumentException} when the options name no cluster
   */
  static Future<GlobalData> client(Vertx vertx, GlobalDataOptions options) {
    return HazelcastGlobalData.client(vertx, options);
  }

  /**
   * @param key the key
   * @return a future completed with the value, or null when the key is absent
   */
  Future<Object> get(String key);

  /**
   * Reads a value of an expected type.
   *
   * @param key  the key
   * @param type the expected type ({@code Number.class}, {@code String.class}, ...)
   * @param <T>  the expected type
   * @return a future completed with the value or null when absent; failed with
   *     {@link GlobalDataException.Reason#WRONG_TYPE} when the value is of another type
   */
  <T> Future<T> get(String key, Class<T> type);

  /**
   * Stores a value without expiry, replacing any value.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @return a future completed once the value and its backup are stored
   */
  Future<Void> set(String key, Object value);

  /**
   * Stores a value that expires after {@code ttl}, replacing any value.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @param ttl   time to live, positive, rounded up to whole seconds (Hazelcast keeps expiry
   *              times at one-second resolution, so the entry lives between ttl - 1 s and ttl)
   * @return a future completed once the value and its backup are stored
   */
  Future<Void> set(String key, Object value, Duration ttl);

  /**
   * Stores a value only if the key is absent.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @return a future completed with true when stored, false when the key already held a value
   */
  Future<Boolean> add(String key, Object value);

  /**
   * Stores a value that expires after {@code ttl}, only if the key is absent.
   *
   * @param key   the key
   * @param value a JSON-compatible value
   * @param ttl   time to live, positive, rounded up to whole seconds
   * @return a future completed with true when stored, false when the key already held a value
   */
  Future<Boolean> add(String key, Object value, Duration ttl);

  /**
   * Compare-and-set: stores {@code value} (without expiry) only if the current value equals
   * {@code expected} by value; {@code expected == null} means "only if absent".
   *
   * @param key      the key
   * @param expected the value the key must hold, or null for absent
   * @param value    the new JSON-compatible value
   * @return a future completed with true when stored, false when the current value differed
   */
  Future<Boolean> cas(String key, Object expected, Object value);

  /**
   * Compare-and-set with a time to live on the new value.
   *
   * @param key      the key
   * @param expected the value the key must hold, or null for absent
   * @param value    the new JSON-compatible value
   * @param ttl      time to live of the new value, positive, rounded up to whole seconds
   * @return a future completed with true when stored, false when the current value differed
   */
  Future<Boolean> cas(String key, Object expected, Object value, Duration ttl);

  /**
   * Adds {@code step} to a numeric value, keeping its expiry. Integral values and steps use
   * exact 64-bit arithmetic; a floating value or step gives a floating result.
   *
   * @param key  the key
   * @param step the amount to add (negative to subtract)
   * @return a future completed with the new value; failed with
   *     {@link GlobalDataException.Reason#NOT_FOUND} when the key is absent (nothing is
   *     created), {@link GlobalDataException.Reason#NOT_NUMERIC} when the value is not a number
   *     (it is left unchanged), {@link GlobalDataException.Reason#OVERFLOW} on 64-bit overflow
   */
  Future<Number> increment(String key, Number step);

  /**
   * Adds {@code step} to a numeric value, treating an absent key as 0 (so the key is created
   * holding {@code step}, without expiry).
   *
   * @param key  the key
   * @param step the amount to add (negative to subtract)
   * @return a future completed with the new value; failed as {@link #increment(String, Number)}
   *     except that an absent key is not an error
   */
  Future<Number> incrementOrCreate(String key, Number step);

  /**
   * Removes a key.
   *
   * @param key the key
   * @return a future completed with true when the key held a value, false when it was absent
   */
  Future<Boolean> delete(String key);

  /**
   * @param key the key
   * @return a future completed with true when the key holds a value
   */
  Future<Boolean> exists(String key);

  /**
   * Lists every key. This visits every partition of the cluster: meant for tools and small
   * maps, not for a hot path.
   *
   * @return a future completed with a snapshot of the keys
   */
  Future<Set<String>> keys();

  /**
   * @return a future completed with the number of keys, over every partition of the cluster
   */
  Future<Integer> size();

  /**
   * Releases this view: later calls fail with {@link GlobalDataException.Reason#CLOSED}. In
   * client mode the Hazelcast client is shut down; in member mode the member keeps running (it
   * belongs to the Vert.x node). The data stays in the cluster.
   *
   * @return a future completed once released
   */
  Future<Void> close();
}
