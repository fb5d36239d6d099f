package dev.switchboard.gateway;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonObject;


/**
 * Options of a {@link GatewayVerticle}: its listeners, send buffers, limits and liveness checks;
 * the HTTP side's options (WebSocket path, handshake timeout, status listener, origins, static
 * files), those behind proxies (trusted proxies, forwarded headers, PROXY protocol) and the
 * connect-time ones (JWT check, connect hook timeout) are declared in package-private base
 * classes and called on this one as well. JSON keys
 * (a verticle's {@code config()}) are the property names; durations are milliseconds; 0 turns a
 * check off.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class GatewayOptions extends GatewayConnectOptions<GatewayOptions> {

  /** Default HTTP port (WebSocket and {@code GET /status}): {@value}. */
  public static final int DEFAULT_PORT = 8282;

  /** Port value of a TCP listener that is off: {@value}. */
  public static final int OFF = -1;

  /** Default time a connection may stay silent before it is closed, in ms: {@value}. */
  public static final long DEFAULT_HEARTBEAT_TIMEOUT = 60_000;

  /** Default silence after which the server pings a connection, in ms: {@value}. */
  public static final long DEFAULT_PING_INTERVAL = 25_000;

  /** Default time a connection has to be marked authenticated, in ms: {@value} (off). */
  public static final long DEFAULT_AUTH_TIMEOUT = 0;

  /** Default maximum of connections per verticle instance: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 100_000;

  /** Default time a graceful close may take to flush before the connection is destroyed: {@value}. */
  public static final long DEFAULT_CLOSE_TIMEOUT = 5_000;

  /** Default time a business instance has to handle an event, and an event to find one, in ms: {@value}. */
  public static final long DEFAULT_BUSINESS_TIMEOUT = 10_000;

  /**
   * Default bytes of one client's events waiting for a business at which the client's connection
   * stops being read: {@value} (1 MiB).
   */
  public static final int DEFAULT_MAX_BUSINESS_QUEUE_SIZE = 1_048_576;

  /** Default maximum of groups one client may be a member of: {@value}. */
  public static final int DEFAULT_MAX_GROUPS_PER_CLIENT = 128;

  /** Default maximum size of one client's session, in bytes of its JSON: {@value} (64 KiB). */
  public static final int DEFAULT_MAX_SESSION_SIZE = 64 * 1024;

  /** Every JSON key of {@link #GatewayOptions(JsonObject)}, with its type. */
  private static final ConfigKeys KEYS = CONNECT_KEYS.with("gateway", ConfigKeys.of("gateway")
      .ints("framePort", "textPort", "maxBusinessQueueSize", "maxGroupsPerClient",
          "maxSessionSize")
      .longs("pingInterval", "authTimeout", "closeTimeout", "businessTimeout")
      .strings("pingData", "handler", "business"));

  private int framePort = OFF;
  private int textPort = OFF;
  private long pingInterval = DEFAULT_PING_INTERVAL;
  private String pingData;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;
  private long closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  private String handler;
  private String business;
  private long businessTimeout = DEFAULT_BUSINESS_TIMEOUT;
  private int maxBusinessQueueSize = DEFAULT_MAX_BUSINESS_QUEUE_SIZE;
  private int maxGroupsPerClient = DEFAULT_MAX_GROUPS_PER_CLIENT;
  private int maxSessionSize = DEFAULT_MAX_SESSION_SIZE;

  /** Options with every default. */
  public GatewayOptions() {
    super(DEFAULT_PORT, DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false}: then it is logged at WARN and
   *     ignored)
   */
  public GatewayOptions(JsonObject json) {
    this();
    json = KEYS.check(json);
    try {
      readJson(json);
      setFramePort(json.getInteger("framePort", OFF));
      setTextPort(json.getInteger("textPort", OFF));
      setPingInterval(json.getLong("pingInterval", DEFAULT_PING_INTERVAL));
      setPingData(json.getString("pingData"));
      setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
      setCloseTimeout(json.getLong("closeTimeout", DEFAULT_CLOSE_TIMEOUT));
      readWebJson(json);
      readConnectJson(json);
      setHandler(json.getString("handler"));
      setBusiness(json.getString("business"));
      setBusinessTimeout(json.getLong("businessTimeout", DEFAULT_BUSINESS_TIMEOUT));
      setMaxBusinessQueueSize(json.getInteger("maxBusinessQueueSize",
          DEFAULT_MAX_BUSINESS_QUEUE_SIZE));
      setMaxGroupsPerClient(json.getInteger("maxGroupsPerClient", DEFAULT_MAX_GROUPS_PER_CLIENT));
      setMaxSessionSize(json.getInteger("maxSessionSize", DEFAULT_MAX_SESSION_SIZE));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("gateway option of the wrong JSON type: " + e.getMessage(),
          e);
    }
  }

  /**
   * @return these options as JSON, readable by {@link #GatewayOptions(JsonObject)}
   */
  public JsonObject toJson() {
    JsonObject json = writeConnectJson(writeWebJson(writeJson(new JsonObject())))
        .put("framePort", framePort).put("textPort", textPort)
        .put("pingInterval", pingInterval).put("authTimeout", authTimeout)
        .put("closeTimeout", closeTimeout);
    putIfSet(json, "pingData", pingData);
    putIfSet(json, "handler", handler);
    putIfSet(json, "business", business);
    json.put("businessTimeout", businessTimeout);
    json.put("maxBusinessQueueSize", maxBusinessQueueSize);
    json.put("maxGroupsPerClient", maxGroupsPerClient).put("maxSessionSize", maxSessionSize);
    return json;
  }

  /** @return the TCP port of the frame protocol, or {@link #OFF} */
  public int getFramePort() {
    return framePort;
  }

  /**
   * @param framePort the TCP port of the frame protocol, 0 for any free port, {@link #OFF} for none
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setFramePort(int framePort) {
    this.framePort = port("framePort", framePort, OFF);
    return this;
  }

  /** @return the TCP port of the text protocol, or {@link #OFF} */
  public int getTextPort() {
    return textPort;
  }

  /**
   * @param textPort the TCP port of the text protocol, 0 for any free port, {@link #OFF} for none
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setTextPort(int textPort) {
    this.textPort = port("textPort", textPort, OFF);
    return this;
  }

  /** @return the silence after which the server pings a connection (0: never) */
  public long getPingInterval() {
    return pingInterval;
  }

  /**
   * @param pingInterval the silence after which the server pings a connection, in ms, 0 for never:
   *                     a WebSocket ping frame (payload {@code pingData}, if set), or, for the TCP
   *                     protocols, {@code pingData} as a message when it is set
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setPingInterval(long pingInterval) {
    this.pingInterval = nonNegative("pingInterval", pingInterval);
    return this;
  }

  /** @return the ping message, or null */
  public String getPingData() {
    return pingData;
  }

  /**
   * @param pingData the ping message (at most 125 bytes for WebSocket, no {@code \n}: the text
   *                 protocol's ping is one line), or null
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setPingData(String pingData) {
    if (pingData != null && pingData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 125) {
      throw new IllegalArgumentException("pingData must be at most 125 bytes (a WebSocket ping)");
    }
    if (pingData != null && pingData.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("pingData must not contain \\n (a text-protocol line)");
    }
    this.pingData = pingData;
    return this;
  }

  /** @return the time a connection has to be marked authenticated (0: no limit) */
  public long getAuthTimeout() {
    return authTimeout;
  }

  /**
   * @param authTimeout the time a connection has to be marked {@link Connection#authenticated()}
   *                    before it is closed, in ms; 0 for no limit
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setAuthTimeout(long authTimeout) {
    this.authTimeout = nonNegative("authTimeout", authTimeout);
    return this;
  }

  /** @return the time a graceful close may take to flush */
  public long getCloseTimeout() {
    return closeTimeout;
  }

  /**
   * @param closeTimeout the time a graceful close may take to flush before the connection is
   *                     destroyed, in ms, positive
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setCloseTimeout(long closeTimeout) {
    if (closeTimeout <= 0) {
      throw new IllegalArgumentException("closeTimeout must be > 0, got " + closeTimeout);
    }
    this.closeTimeout = closeTimeout;
    return this;
  }

  /** @return the class name of the application handler, or null */
  public String getHandler() {
    return handler;
  }

  /**
   * @param handler the class name of a {@link GatewayHandler} with a public no-argument
   *                constructor, or null (connections are accepted and counted)
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setHandler(String handler) {
    this.handler = handler;
    return this;
  }

  /** @return the business whose verticles receive this gateway's client events, or null */
  public String getBusiness() {
    return business;
  }

  /**
   * Forwards every client's {@code onConnect} / {@code onMessage} / {@code onClose} to the
   * {@link BusinessVerticle}s of that business, anywhere in the cluster, instead of running a
   * local {@link GatewayHandler} (the two are exclusive).
   *
   * @param business the business name (as in {@link BusinessOptions#setBusiness}), or null
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setBusiness(String business) {
    if (business != null && !BusinessOptions.validName(business)) {
      throw new IllegalArgumentException("business must be letters, digits, '.', '-' or '_', got '"
          + business + "'");
    }
    this.business = business;
    return this;
  }

  /** @return the time a business instance has to handle an event, in ms */
  public long getBusinessTimeout() {
    return businessTimeout;
  }

  /**
   * @param businessTimeout the time a business instance has to handle one event, and the time an
   *                        event waits for a business instance to appear (e.g. during a
   *                        redeploy), in ms, positive
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setBusinessTimeout(long businessTimeout) {
    if (businessTimeout <= 0) {
      throw new IllegalArgumentException("businessTimeout must be > 0, got " + businessTimeout);
    }
    this.businessTimeout = businessTimeout;
    return this;
  }

  /** @return the bytes of one client's waiting events at which its connection is paused */
  public int getMaxBusinessQueueSize() {
    return maxBusinessQueueSize;
  }

  /**
   * Bounds the memory a gateway forwarding to a business holds for one client: when the events of
   * a client waiting for a business instance (the one on its way included) hold this many bytes
   * or more, the client's connection stops being read (TCP slows the client down) until they hold
   * less than a quarter of it; so a client holds at most this plus one message. Reading also
   * stops while 64 events wait, whatever their size.
   *
   * @param maxBusinessQueueSize bytes, positive
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setMaxBusinessQueueSize(int maxBusinessQueueSize) {
    if (maxBusinessQueueSize <= 0) {
      throw new IllegalArgumentException("maxBusinessQueueSize must be > 0, got "
          + maxBusinessQueueSize);
    }
    this.maxBusinessQueueSize = maxBusinessQueueSize;
    return this;
  }

  /** @return the maximum of groups one client may be a member of */
  public int getMaxGroupsPerClient() {
    return maxGroupsPerClient;
  }

  /**
   * @param maxGroupsPerClient the maximum of groups one client may be a member of, positive; a
   *                           {@code joinGroup} beyond it fails with {@code TOO_MANY_GROUPS} (a
   *                           client has at most one uid: {@code bindUid} replaces it)
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setMaxGroupsPerClient(int maxGroupsPerClient) {
    if (maxGroupsPerClient <= 0) {
      throw new IllegalArgumentException("maxGroupsPerClient must be > 0, got "
          + maxGroupsPerClient);
    }
    this.maxGroupsPerClient = maxGroupsPerClient;
    return this;
  }

  /** @return the maximum size of one client's session, in bytes of its JSON */
  public int getMaxSessionSize() {
    return maxSessionSize;
  }

  /**
   * @param maxSessionSize the maximum size of one client's session, in bytes of its JSON encoding,
   *                       positive; a {@code setSession} or {@code updateSession} that would make
   *                       it larger fails with {@code SESSION_TOO_LARGE} and changes nothing
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayOptions setMaxSessionSize(int maxSessionSize) {
    if (maxSessionSize <= 0) {
      throw new IllegalArgumentException("maxSessionSize must be > 0, got " + maxSessionSize);
    }
    this.maxSessionSize = maxSessionSize;
    return this;
  }
}
