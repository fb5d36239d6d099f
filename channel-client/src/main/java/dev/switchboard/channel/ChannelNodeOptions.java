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

  private long syncInterval = DEFAULT_SYNC_INTERVAL;

  /** Options with the defaults. */
  public ChannelNodeOptions() {
  }

  /**
   * @param other options to copy
   */
  public ChannelNodeOptions(ChannelNodeOptions other) {
    this.syncInterval = other.syncInterval;
  }

  /**
   * @param json options as JSON (missing keys take the defaults)
   */
  public ChannelNodeOptions(JsonObject json) {
    setSyncInterval(json.getLong("syncInterval", DEFAULT_SYNC_INTERVAL));
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelNodeOptions(JsonObject)}
   */
  public JsonObject toJson() {
    return new JsonObject().put("syncInterval", syncInterval);
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
}
