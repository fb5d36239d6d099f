package dev.switchboard.channel;

import io.vertx.core.json.JsonObject;

/**
 * Options of a node's part in the channel space (one per Vert.x instance, shared by its channel
 * servers, local clients and gateways). The node takes the options of the user that starts it; a
 * later user's options are ignored. JSON keys are the property names; durations are
 * milliseconds.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class ChannelNodeOptions {

  /**
   * Default interval of the node's membership sync, in milliseconds: {@value}. Each sync writes
   * the node's registry entry again, pings its peers, and says hello to every node of the registry
   * it has not met (or whose channels it has not learnt), so a node forgotten during a split brain
   * or a long pause is met again within one interval of being reachable.
   */
  public static final long DEFAULT_SYNC_INTERVAL = 5_000;

  /** Shortest sync interval accepted, in milliseconds: {@value}. */
  public static final long MIN_SYNC_INTERVAL = 100;

  /**
   * Default maximum of subscriptions (a subscriber and a channel) held on one node, by all its
   * channel servers, local clients and gateways together: {@value}.
   */
  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1_000_000;

  /**
   * Default maximum of the node's interest: the total length, in characters, of the names of the
   * channels it has subscribers of, which every other node of the cluster keeps a copy of:
   * {@value} (4 Mi characters; each node then holds at most this much of every peer's interest).
   */
  public static final int DEFAULT_MAX_INTEREST_SIZE = 4 * 1024 * 1024;

  private long syncInterval = DEFAULT_SYNC_INTERVAL;
  private int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
  private int maxInterestSize = DEFAULT_MAX_INTEREST_SIZE;

  /** Options with the defaults. */
  public ChannelNodeOptions() {
  }

  /**
   * @param other options to copy
   */
  public ChannelNodeOptions(ChannelNodeOptions other) {
    this.syncInterval = other.syncInterval;
    this.maxSubscriptions = other.maxSubscriptions;
    this.maxInterestSize = other.maxInterestSize;
  }

  /**
   * @param json options as JSON (missing keys take the defaults)
   */
  public ChannelNodeOptions(JsonObject json) {
    setSyncInterval(json.getLong("syncInterval", DEFAULT_SYNC_INTERVAL));
    setMaxSubscriptions(json.getInteger("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS));
    setMaxInterestSize(json.getInteger("maxInterestSize", DEFAULT_MAX_INTEREST_SIZE));
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelNodeOptions(JsonObject)}
   */
  public JsonObject toJson() {
    return new JsonObject().put("syncInterval", syncInterval)
        .put("maxSubscriptions", maxSubscriptions).put("maxInterestSize", maxInterestSize);
  }

  /**
   * @return the interval of the membership sync, in milliseconds
   */
  public long getSyncInterval() {
    return syncInterval;
  }

  /**
   * @param syncInterval the interval of the membership sync, in milliseconds, at least
   *                     {@link #MIN_SYNC_INTERVAL}; also the liveness check of the peers, and a
   *                     registry entry not written again for 4 intervals (at least 10 s) expires
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelNodeOptions setSyncInterval(long syncInterval) {
    if (syncInterval < MIN_SYNC_INTERVAL) {
      throw new IllegalArgumentException("syncInterval must be >= " + MIN_SYNC_INTERVAL);
    }
    this.syncInterval = syncInterval;
    return this;
  }

  /**
   * @return the maximum of subscriptions on the node
   */
  public int getMaxSubscriptions() {
    return maxSubscriptions;
  }

  /**
   * @param maxSubscriptions the maximum of subscriptions (a subscriber and a channel) on the node,
   *                         positive; a subscribe beyond it fails with {@code TOO_MANY_CHANNELS}
   *                         and changes nothing
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelNodeOptions setMaxSubscriptions(int maxSubscriptions) {
    if (maxSubscriptions <= 0) {
      throw new IllegalArgumentException("maxSubscriptions must be > 0");
    }
    this.maxSubscriptions = maxSubscriptions;
    return this;
  }

  /**
   * @return the maximum total length of the names of the node's channels, in characters
   */
  public int getMaxInterestSize() {
    return maxInterestSize;
  }

  /**
   * @param maxInterestSize the maximum total length, in characters, of the names of the channels
   *                        the node has subscribers of (replicated on every node of the
   *                        cluster), positive; a subscribe to new channels beyond it fails with
   *                        {@code TOO_MANY_CHANNELS} and changes nothing
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelNodeOptions setMaxInterestSize(int maxInterestSize) {
    if (maxInterestSize <= 0) {
      throw new IllegalArgumentException("maxInterestSize must be > 0");
    }
    this.maxInterestSize = maxInterestSize;
    return this;
  }
}
