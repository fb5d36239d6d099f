package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.ListenerOptions;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Options of a {@link ChannelServer}: where it listens, security, limits and the per-subscriber
 * send buffer. JSON keys (a verticle's {@code config()}) are the property names; durations are
 * milliseconds.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class ChannelServerOptions extends ListenerOptions<ChannelServerOptions> {

  /** Default listen port: {@value} (Workerman Channel's port). */
  public static final int DEFAULT_PORT = 2206;

  /** Default time a connection has to authenticate when a token is set, in ms: {@value}. */
  public static final long DEFAULT_AUTH_TIMEOUT = 10_000;

  /** Default maximum of channels one connection may subscribe to, or name in one request: {@value}. */
  public static final int DEFAULT_MAX_CHANNELS = ChannelClientOptions.DEFAULT_MAX_CHANNELS;

  /** Default maximum channel name length in characters: {@value}. */
  public static final int DEFAULT_MAX_CHANNEL_NAME_LENGTH =
      ChannelClientOptions.DEFAULT_MAX_CHANNEL_NAME_LENGTH;

  /**
   * Default time a connection may stay silent before it is closed, in ms: {@value} (clients ping
   * every 25 s by default; 0 turns the check off).
   */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT = 120_000;

  /** Default most connections at a time: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  private String token;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;
  private int maxChannels = DEFAULT_MAX_CHANNELS;
  private int maxChannelNameLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH;
  private ChannelNodeOptions nodeOptions = new ChannelNodeOptions();

  /** Options with every default. */
  public ChannelServerOptions() {
    super(DEFAULT_PORT, DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ChannelServerOptions(ChannelServerOptions other) {
    this(other.toJson());
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid
   */
  public ChannelServerOptions(JsonObject json) {
    this();
    readJson(json);
    setToken(json.getString("token"));
    setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
    setMaxChannels(json.getInteger("maxChannels", DEFAULT_MAX_CHANNELS));
    setMaxChannelNameLength(json.getInteger("maxChannelNameLength",
        DEFAULT_MAX_CHANNEL_NAME_LENGTH));
    setNodeOptions(new ChannelNodeOptions(json.getJsonObject("node", new JsonObject())));
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelServerOptions(JsonObject)}; the
   *     token is included, so do not log it
   */
  public JsonObject toJson() {
    JsonObject json = writeJson(new JsonObject())
        .put("authTimeout", authTimeout)
        .put("maxChannels", maxChannels)
        .put("maxChannelNameLength", maxChannelNameLength)
        .put("node", nodeOptions.toJson());
    putIfSet(json, "token", token);
    return json;
  }

  /**
   * @return the shared-secret token clients must present, or null when none is required
   */
  public String getToken() {
    return token;
  }

  /**
   * @param token the shared-secret token clients must present first ({@code auth}), or null for
   *              none; compared in constant time
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setToken(String token) {
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty (null for none)");
    }
    this.token = token;
    return this;
  }

  /**
   * @return the time a connection has to authenticate, in milliseconds
   */
  public long getAuthTimeout() {
    return authTimeout;
  }

  /**
   * @param authTimeout the time a connection has to authenticate when a token is set, in
   *                    milliseconds, positive
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setAuthTimeout(long authTimeout) {
    if (authTimeout <= 0) {
      throw new IllegalArgumentException("authTimeout must be > 0");
    }
    this.authTimeout = authTimeout;
    return this;
  }

  /**
   * @return the maximum of channels per connection and per request
   */
  public int getMaxChannels() {
    return maxChannels;
  }

  /**
   * @param maxChannels the maximum of channels one connection may subscribe to, and may name in one
   *                    request, positive
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxChannels(int maxChannels) {
    if (maxChannels <= 0) {
      throw new IllegalArgumentException("maxChannels must be > 0");
    }
    this.maxChannels = maxChannels;
    return this;
  }

  /**
   * @return the maximum channel name length in characters
   */
  public int getMaxChannelNameLength() {
    return maxChannelNameLength;
  }

  /**
   * @param maxChannelNameLength the maximum channel name length in characters, 1-65535
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMaxChannelNameLength(int maxChannelNameLength) {
    if (maxChannelNameLength <= 0 || maxChannelNameLength > 65535) {
      throw new IllegalArgumentException("maxChannelNameLength must be 1-65535");
    }
    this.maxChannelNameLength = maxChannelNameLength;
    return this;
  }

  /**
   * @return the options of the node's channel space, used when this server starts it
   */
  public ChannelNodeOptions getNodeOptions() {
    return nodeOptions;
  }

  /**
   * @param nodeOptions the options of the node's channel space (JSON key {@code node}); they
   *                    apply when this server is the first user of its Vert.x instance's channel
   *                    node, and are ignored when the node runs already
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setNodeOptions(ChannelNodeOptions nodeOptions) {
    this.nodeOptions = new ChannelNodeOptions(Objects.requireNonNull(nodeOptions, "nodeOptions"));
    return this;
  }
}
