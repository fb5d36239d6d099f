package dev.switchboard.channel.server;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;

/**
 * Options of a channel server's work queues (docs/channel.md, "Work queues"), the {@code
 * "queues"} object of {@link ChannelServerOptions}. The queue limits are the node's: a node's
 * queues use those of the first channel server that starts on it, and every node should be given
 * the same.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class WorkQueueOptions {

  /**
   * The Hazelcast map holding the work queues, one entry per queue: {@value}. A member
   * configuration may name it (the shipped {@code cluster.xml} does) with {@code backup-count} 1 or
   * more; without one, the first channel server gives it one synchronous backup and the OBJECT
   * in-memory format on every member.
   */
  public static final String MAP_NAME = "switchboard.queues";

  /** Default: work queues served when the node is clustered over Hazelcast: {@value}. */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * Default most items a queue holds, ready and delivered-but-unacknowledged together: {@value};
   * an enqueue beyond fails with {@code QUEUE_FULL}.
   */
  public static final int DEFAULT_MAX_QUEUE_LENGTH = 10_000;

  /**
   * Default largest item, in bytes of its data as UTF-8 JSON: {@value} (64 KiB); a larger one
   * fails with {@code ITEM_TOO_LARGE}.
   */
  public static final int DEFAULT_MAX_ITEM_SIZE = 65_536;

  /** Default most queues one connection watches at a time: {@value}. */
  public static final int DEFAULT_MAX_WATCHES = 64;

  private static final ConfigKeys KEYS = ConfigKeys.of("work queues").booleans("enabled")
      .ints("maxQueueLength", "maxItemSize", "maxWatches");

  private boolean enabled = DEFAULT_ENABLED;
  private int maxQueueLength = DEFAULT_MAX_QUEUE_LENGTH;
  private int maxItemSize = DEFAULT_MAX_ITEM_SIZE;
  private int maxWatches = DEFAULT_MAX_WATCHES;

  /** Options with every default. */
  public WorkQueueOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public WorkQueueOptions(WorkQueueOptions other) {
    this(other.toJson());
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong type, or a key
   *     unknown (unless {@code "strict": false})
   */
  public WorkQueueOptions(JsonObject json) {
    json = KEYS.check(json);
    setEnabled(json.getBoolean("enabled", DEFAULT_ENABLED));
    setMaxQueueLength(json.getInteger("maxQueueLength", DEFAULT_MAX_QUEUE_LENGTH));
    setMaxItemSize(json.getInteger("maxItemSize", DEFAULT_MAX_ITEM_SIZE));
    setMaxWatches(json.getInteger("maxWatches", DEFAULT_MAX_WATCHES));
  }

  /** @return these options as JSON, readable by {@link #WorkQueueOptions(JsonObject)} */
  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("maxQueueLength", maxQueueLength)
        .put("maxItemSize", maxItemSize).put("maxWatches", maxWatches);
  }

  /** @return whether the server serves work queues (on a node clustered over Hazelcast) */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * @param enabled false: every queue request is refused with {@code QUEUES_UNAVAILABLE}
   * @return a reference to this, so the API can be used fluently
   */
  public WorkQueueOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** @return the most items a queue holds */
  public int getMaxQueueLength() {
    return maxQueueLength;
  }

  /**
   * @param maxQueueLength the most items a queue holds, ready and unacknowledged, positive
   * @return a reference to this, so the API can be used fluently
   */
  public WorkQueueOptions setMaxQueueLength(int maxQueueLength) {
    if (maxQueueLength <= 0) {
      throw new IllegalArgumentException("maxQueueLength must be > 0");
    }
    this.maxQueueLength = maxQueueLength;
    return this;
  }

  /** @return the largest item, in bytes of UTF-8 JSON */
  public int getMaxItemSize() {
    return maxItemSize;
  }

  /**
   * @param maxItemSize the largest item, in bytes of its data as UTF-8 JSON, positive
   * @return a reference to this, so the API can be used fluently
   */
  public WorkQueueOptions setMaxItemSize(int maxItemSize) {
    if (maxItemSize <= 0) {
      throw new IllegalArgumentException("maxItemSize must be > 0");
    }
    this.maxItemSize = maxItemSize;
    return this;
  }

  /** @return the most queues one connection watches */
  public int getMaxWatches() {
    return maxWatches;
  }

  /**
   * @param maxWatches the most queues one connection watches at a time, positive
   * @return a reference to this, so the API can be used fluently
   */
  public WorkQueueOptions setMaxWatches(int maxWatches) {
    if (maxWatches <= 0) {
      throw new IllegalArgumentException("maxWatches must be > 0");
    }
    this.maxWatches = maxWatches;
    return this;
  }
}
