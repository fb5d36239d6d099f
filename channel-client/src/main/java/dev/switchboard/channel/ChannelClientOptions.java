package dev.switchboard.channel;

import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options of a remote {@link ChannelClient}: the servers to connect to (the first that answers is
 * used, the others are failovers), the token, TLS, reconnection, pings, the outbox and limits; TLS
 * and the connection's timing are declared in a package-private base class and called on this one
 * as well. JSON keys are the property names; durations are milliseconds.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class ChannelClientOptions extends ChannelConnectionOptions<ChannelClientOptions> {

  /** Default server: {@value} (the port of Workerman's Channel server). */
  public static final String DEFAULT_SERVER = "127.0.0.1:2206";

  /** Default size in bytes of the outbox of publishes made while disconnected: {@value} (1 MiB). */
  public static final int DEFAULT_OUTBOX_SIZE = 1024 * 1024;

  /** Default largest frame accepted from the server in bytes: {@value} (10 MiB). */
  public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

  /**
   * Default most channels one request may name, and one connection may subscribe to: {@value}
   * (also the server's default {@code maxChannels}, which is defined by this constant).
   */
  public static final int DEFAULT_MAX_CHANNELS = 1_000;

  /**
   * Default longest channel name in UTF-16 code units: {@value} (also the server's default
   * {@code maxChannelNameLength}, which is defined by this constant).
   */
  public static final int DEFAULT_MAX_CHANNEL_NAME_LENGTH = 256;

  private List<String> servers = new ArrayList<>(List.of(DEFAULT_SERVER));
  private String token;
  private Supplier<String> tokenSupplier;
  private int outboxSize = DEFAULT_OUTBOX_SIZE;
  private int maxPackageSize = DEFAULT_MAX_PACKAGE_SIZE;
  private int maxChannels = DEFAULT_MAX_CHANNELS;
  private int maxChannelNameLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH;

  /** Options with every default. */
  public ChannelClientOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ChannelClientOptions(ChannelClientOptions other) {
    this(other.toJson());
    this.tokenSupplier = other.tokenSupplier;
  }

  /** Every JSON key of {@link #ChannelClientOptions(JsonObject)}, with its type. */
  private static final ConfigKeys KEYS = CONNECTION_KEYS.stringArrays("servers")
      .strings("token").ints("outboxSize", "maxPackageSize", "maxChannels", "maxChannelNameLength");

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false}: then it is logged at WARN and
   *     ignored)
   */
  public ChannelClientOptions(JsonObject json) {
    json = KEYS.check(json);
    JsonArray list = json.getJsonArray("servers");
    if (list != null) {
      List<String> parsed = new ArrayList<>();
      list.forEach(s -> parsed.add(String.valueOf(s)));
      setServers(parsed);
    }
    setToken(json.getString("token"));
    readConnectionJson(json);
    setOutboxSize(json.getInteger("outboxSize", DEFAULT_OUTBOX_SIZE));
    setMaxPackageSize(json.getInteger("maxPackageSize", DEFAULT_MAX_PACKAGE_SIZE));
    setMaxChannels(json.getInteger("maxChannels", DEFAULT_MAX_CHANNELS));
    setMaxChannelNameLength(json.getInteger("maxChannelNameLength",
        DEFAULT_MAX_CHANNEL_NAME_LENGTH));
  }

  /**
   * @return these options as JSON, readable by {@link #ChannelClientOptions(JsonObject)}; the
   *     token is included, so do not log it
   */
  public JsonObject toJson() {
    JsonObject json = writeConnectionJson(new JsonObject()
        .put("servers", new JsonArray(new ArrayList<>(servers))))
        .put("outboxSize", outboxSize)
        .put("maxPackageSize", maxPackageSize)
        .put("maxChannels", maxChannels)
        .put("maxChannelNameLength", maxChannelNameLength);
    if (token != null) {
      json.put("token", token);
    }
    if (getPemTrustPath() != null) {
      json.put("pemTrustPath", getPemTrustPath());
    }
    return json;
  }

  /**
   * @return the servers, as {@code host:port}, in failover order
   */
  public List<String> getServers() {
    return List.copyOf(servers);
  }

  /**
   * @return the servers parsed
   */
  public List<HostAndPort> serverAddresses() {
    List<HostAndPort> parsed = new ArrayList<>();
    servers.forEach(s -> parsed.add(parseServer(s)));
    return parsed;
  }

  /**
   * @param servers the servers as {@code host:port}, at least one; the client connects to the
   *                first that answers and fails over to the next when a connection is lost
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setServers(List<String> servers) {
    Objects.requireNonNull(servers, "servers");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers must not be empty");
    }
    servers.forEach(ChannelClientOptions::parseServer);
    this.servers = new ArrayList<>(servers);
    return this;
  }

  /**
   * @param server the one server, as {@code host:port}
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setServer(String server) {
    return setServers(List.of(server));
  }

  private static HostAndPort parseServer(String server) {
    Objects.requireNonNull(server, "server");
    int colon = server.lastIndexOf(':');
    if (colon <= 0 || colon == server.length() - 1) {
      throw new IllegalArgumentException("servers must be host:port, got '" + server + "'");
    }
    try {
      int port = Integer.parseInt(server.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return HostAndPort.create(server.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("servers must be host:port with port 1-65535, got '"
          + server + "'");
    }
  }

  /**
   * @return the shared-secret token sent in the {@code auth} request, or null
   */
  public String getToken() {
    return token;
  }

  /**
   * @param token the shared-secret token the servers expect, or a JSON Web Token for servers with
   *              the {@code jwt} option (see also {@link #setTokenSupplier(Supplier)}), or null
   *              when they expect none
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setToken(String token) {
    this.token = token;
    return this;
  }

  /**
   * @return the supplier of the token sent in each {@code auth} request, or null
   */
  public Supplier<String> getTokenSupplier() {
    return tokenSupplier;
  }

  /**
   * Sets where the token of each connection comes from, in place of the fixed {@code token}: it
   * is asked once per connection attempt, so a server that takes a JSON Web Token (its {@code jwt}
   * option) gets a fresh one after a reconnection, e.g. after its server closed the connection
   * when the previous token expired ({@code AUTH_EXPIRED}). Set in code only: it is not part of
   * {@link #toJson()}. The supplier runs on the client's event loop and must not block; it returns
   * the token, or null to send no {@code auth}.
   *
   * @param tokenSupplier the supplier, or null to use {@code token}
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setTokenSupplier(Supplier<String> tokenSupplier) {
    this.tokenSupplier = tokenSupplier;
    return this;
  }

  /**
   * @return the size in bytes of the outbox of publishes made while disconnected
   */
  public int getOutboxSize() {
    return outboxSize;
  }

  /**
   * @param outboxSize the size in bytes (encoded frames) of the outbox of publishes made while
   *                   disconnected, 0 to fail such publishes at once
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setOutboxSize(int outboxSize) {
    if (outboxSize < 0) {
      throw new IllegalArgumentException("outboxSize must be >= 0");
    }
    this.outboxSize = outboxSize;
    return this;
  }

  /**
   * @return the largest frame accepted from the server, in bytes
   */
  public int getMaxPackageSize() {
    return maxPackageSize;
  }

  /**
   * @param maxPackageSize the largest frame accepted from the server in bytes, at least 5
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setMaxPackageSize(int maxPackageSize) {
    if (maxPackageSize < 5) {
      throw new IllegalArgumentException("maxPackageSize must be >= 5");
    }
    this.maxPackageSize = maxPackageSize;
    return this;
  }

  /**
   * @return the most channels one request may name and one connection may hold
   */
  public int getMaxChannels() {
    return maxChannels;
  }

  /**
   * @param maxChannels the most channels one request may name and the client may be subscribed
   *                    to, positive; set it to the server's {@code maxChannels}. A call over it
   *                    fails with {@code TOO_MANY_CHANNELS} without being sent
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setMaxChannels(int maxChannels) {
    this.maxChannels = (int) positive(maxChannels, "maxChannels");
    return this;
  }

  /**
   * @return the longest channel name accepted, in UTF-16 code units
   */
  public int getMaxChannelNameLength() {
    return maxChannelNameLength;
  }

  /**
   * @param maxChannelNameLength the longest channel name in UTF-16 code units, 1-65535; set it to
   *                             the server's {@code maxChannelNameLength}. A call naming a longer
   *                             channel fails with {@code BAD_CHANNEL} without being sent
   * @return a reference to this, so the API can be used fluently
   */
  public ChannelClientOptions setMaxChannelNameLength(int maxChannelNameLength) {
    if (maxChannelNameLength <= 0 || maxChannelNameLength > 65535) {
      throw new IllegalArgumentException("maxChannelNameLength must be 1-65535");
    }
    this.maxChannelNameLength = maxChannelNameLength;
    return this;
  }
}
