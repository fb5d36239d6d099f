package dev.switchboard.channel;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

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

  /**
   * Default bound of the bytes a node has sent to one peer node (per path: channel events,
   * routing requests, business events) and the peer has not yet acknowledged as handled:
   * {@value} (4 MiB). Acknowledgements come at the latest every 20 ms, so a window of this size
   * lets a healthy peer take some 200 MiB/s per path without being throttled, more than the
   * clustered event bus carries to one node, while a stalled peer costs each other node at most
   * this much (plus one message) per path.
   */
  public static final int DEFAULT_MAX_PEER_BUFFER_SIZE = 4 * 1024 * 1024;

  /** Default policy when a peer's window is full: {@link PeerOverflowPolicy#DROP}. */
  public static final PeerOverflowPolicy DEFAULT_PEER_OVERFLOW_POLICY = PeerOverflowPolicy.DROP;

  private long syncInterval = DEFAULT_SYNC_INTERVAL;
  private int maxPeerBufferSize = DEFAULT_MAX_PEER_BUFFER_SIZE;
  private PeerOverflowPolicy peerOverflowPolicy = DEFAULT_PEER_OVERFLOW_POLICY;
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
    this.maxPeerBufferSize = other.maxPeerBufferSize;
    this.peerOverflowPolicy = other.peerOverflowPolicy;
  }

  /** The JSON keys of {@link #ChannelNodeOptions(JsonObject)}, with their types. */
  private static final ConfigKeys KEYS = ConfigKeys.of("channel node").longs("syncInterval")
      .ints("maxSubscriptions", "maxInterestSize", "maxPeerBufferSize")
      .strings("peerOverflowPolicy");

  /**
   * @param json options as JSON (missing keys take the defaults)
   * @throws IllegalArgumentException when a value is invalid, or a key unknown (see {@link
   *     ConfigKeys})
   */
  public ChannelNodeOptions(JsonObject json) {
    json = KEYS.check(json);
    setSyncInterval(json.getLong("syncInterval", DEFAULT_SYNC_INTERVAL));
    setMaxSubscriptions(json.getInteger("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS));
    setMaxInterestSize(json.getInteger("maxInterestSize", DEFAULT_MAX_INTEREST_SIZE));
    setMaxPeerBufferSize(json.getInteger("maxPeerBufferSize", DEFAULT_MAX_PEER_BUFFER_SIZE));
    String policy = json.getString("peerOverflowPolicy", DEFAULT_PEER_OVERFLOW_POLICY.name());
    try {
      setPeerOverflowPolicy(PeerOverflowPolicy.valueOf(policy));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("peerOverflowPolicy must be DROP or DISCONNECT_PEER", e);
    }
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelNodeOptions(JsonObject)}
   */
  public JsonObject toJson() {
    return new JsonObject().put("syncInterval", syncInterval)
        .put("maxSubscriptions", maxSubscriptions).put("maxInterestSize", maxInterestSize)
        .put("maxPeerBufferSize", maxPeerBufferSize)
        .put("peerOverflowPolicy", peerOverflowPolicy.name());
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

  /**
   * @return the bound of unacknowledged bytes per peer node and path, in bytes
   */
  public int getMaxPeerBufferSize() {
    return maxPeerBufferSize;
  }

  /**
   * @param maxPeerBufferSize the bound, in bytes, of what this node has sent to one peer node on
   *                          one path (channel events, routing requests, business events) and the
   *                          peer has not acknowledged as handled, positive; a message is refused
   *                          (see {@link #setPeerOverflowPolicy(PeerOverflowPolicy)}) while the
   *                          unacknowledged bytes are at or above it, so at most this much plus
   *                          one message is held for a stalled peer
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelNodeOptions setMaxPeerBufferSize(int maxPeerBufferSize) {
    if (maxPeerBufferSize <= 0) {
      throw new IllegalArgumentException("maxPeerBufferSize must be > 0");
    }
    this.maxPeerBufferSize = maxPeerBufferSize;
    return this;
  }

  /**
   * @return what the node does with a message for a peer whose window is full
   */
  public PeerOverflowPolicy getPeerOverflowPolicy() {
    return peerOverflowPolicy;
  }

  /**
   * @param peerOverflowPolicy what the node does with a message for a peer whose window is full
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelNodeOptions setPeerOverflowPolicy(PeerOverflowPolicy peerOverflowPolicy) {
    this.peerOverflowPolicy = Objects.requireNonNull(peerOverflowPolicy, "peerOverflowPolicy");
    return this;
  }
}
