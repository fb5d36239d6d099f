package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.server.impl.PhpClients;
import dev.switchboard.core.ConfigKeys;
import dev.switchboard.core.MetricsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link ChannelServer}: where it listens, security (declared in a package-private
 * base class and called on this one as well), limits and the per-subscriber send buffer. JSON keys (a verticle's {@code config()}) are the property names; durations are
 * milliseconds.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class ChannelServerOptions extends ChannelServerAuthOptions<ChannelServerOptions> {

  /** Default listen port: {@value} (Workerman Channel's port). */
  public static final int DEFAULT_PORT = 2206;

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

  /**
   * Default longest time, in ms, a connection's input may stay paused because it does not read
   * the answers to its requests (its send buffer full) before it is closed: {@value}.
   */
  public static final long DEFAULT_PAUSED_INPUT_TIMEOUT = 30_000;

  /** Default most connections at a time: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /**
   * Default {@code phpClientsFrom}: loopback only ({@code 127.0.0.0/8}, {@code ::1/128}).
   */
  public static final List<String> DEFAULT_PHP_CLIENTS_FROM = PhpClients.LOOPBACK;

  /** Every JSON key of {@link #ChannelServerOptions(JsonObject)}, with its type. */
  private static final ConfigKeys KEYS = AUTH_KEYS.with("channel server",
      ConfigKeys.of("channel server").ints("maxChannels", "maxChannelNameLength")
          .longs("pausedInputTimeout").objects("node", "metrics", "queues")
          .stringArrays("phpClientsFrom"));

  private int maxChannels = DEFAULT_MAX_CHANNELS;
  private int maxChannelNameLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH;
  private long pausedInputTimeout = DEFAULT_PAUSED_INPUT_TIMEOUT;
  private ChannelNodeOptions nodeOptions = new ChannelNodeOptions();
  private MetricsOptions metrics = new MetricsOptions();
  private WorkQueueOptions queues = new WorkQueueOptions();
  private List<String> phpClientsFrom = DEFAULT_PHP_CLIENTS_FROM;

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
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false}: then it is logged at WARN and
   *     ignored)
   */
  public ChannelServerOptions(JsonObject json) {
    this();
    json = KEYS.check(json);
    readJson(json);
    readAuthJson(json);
    setMaxChannels(json.getInteger("maxChannels", DEFAULT_MAX_CHANNELS));
    setMaxChannelNameLength(json.getInteger("maxChannelNameLength",
        DEFAULT_MAX_CHANNEL_NAME_LENGTH));
    setPausedInputTimeout(json.getLong("pausedInputTimeout", DEFAULT_PAUSED_INPUT_TIMEOUT));
    ChannelNodeOptions node = ConfigKeys.nested(json, "node", ChannelNodeOptions::new);
    setNodeOptions(node == null ? new ChannelNodeOptions() : node);
    setMetrics(MetricsOptions.of(json));
    WorkQueueOptions queueOptions = ConfigKeys.nested(json, "queues", WorkQueueOptions::new);
    setQueues(queueOptions == null ? new WorkQueueOptions() : queueOptions);
    JsonArray php = json.getJsonArray("phpClientsFrom");
    if (php != null) {
      setPhpClientsFrom(php.stream().map(String.class::cast).toList());
    }
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelServerOptions(JsonObject)}; the
   *     tokens are included, so do not log it
   */
  public JsonObject toJson() {
    JsonObject json = writeAuthJson(writeJson(new JsonObject()))
        .put("maxChannels", maxChannels)
        .put("maxChannelNameLength", maxChannelNameLength)
        .put("pausedInputTimeout", pausedInputTimeout)
        .put("node", nodeOptions.toJson())
        .put("metrics", metrics.toJson())
        .put("queues", queues.toJson())
        .put("phpClientsFrom", new JsonArray(phpClientsFrom));
    return json;
  }

  /**
   * @return the work queues' options
   */
  public WorkQueueOptions getQueues() {
    return queues;
  }

  /**
   * @param queues the work queues' options (docs/channel.md, "Work queues")
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setQueues(WorkQueueOptions queues) {
    this.queues = Objects.requireNonNull(queues, "queues");
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
   * @return the longest time a connection's input may stay paused with its answers unread, ms
   */
  public long getPausedInputTimeout() {
    return pausedInputTimeout;
  }

  /**
   * @param pausedInputTimeout the longest time, in milliseconds, a connection may keep its send
   *                           buffer full of unread answers (its input paused meanwhile) before
   *                           the server closes it, positive
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setPausedInputTimeout(long pausedInputTimeout) {
    if (pausedInputTimeout <= 0) {
      throw new IllegalArgumentException("pausedInputTimeout must be > 0");
    }
    this.pausedInputTimeout = pausedInputTimeout;
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

  /** @return the metrics options (a live reference: change it before the verticle starts) */
  public MetricsOptions getMetrics() {
    return metrics;
  }

  /**
   * Metrics ({@code GET /metrics}, Prometheus's text format): on by default; {@code
   * metrics.enabled} false registers none of the channel server's meters; served on a listener of their own
   * when {@code metrics.port} is set (see docs/operations.md). {@code metrics.publicPort} is
   * for gateways and ignored here.
   *
   * @param metrics the metrics options (JSON key {@code metrics})
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelServerOptions setMetrics(MetricsOptions metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** @return who may connect with the PHP protocol (addresses and CIDR blocks) */
  public List<String> getPhpClientsFrom() {
    return phpClientsFrom;
  }

  /**
   * Who may connect with the PHP protocol (Workerman's {@code Channel\Client}: PHP
   * {@code serialize()} payloads), which cannot authenticate: a connection whose first request is
   * PHP from any other address is closed (counted in {@code phpRefused}). Token and JWT
   * authentication do not apply to PHP connections, so list only trusted hosts. An empty list
   * turns the PHP protocol off.
   *
   * @param phpClientsFrom IPv4/IPv6 addresses and CIDR blocks ({@code 10.0.0.0/8}); default
   *                       {@link #DEFAULT_PHP_CLIENTS_FROM}
   * @return a reference to this, so the API can be used fluently
   * @throws IllegalArgumentException naming an entry that is neither
   */
  public ChannelServerOptions setPhpClientsFrom(List<String> phpClientsFrom) {
    this.phpClientsFrom = PhpClients.of(phpClientsFrom).entries();
    return this;
  }
}
