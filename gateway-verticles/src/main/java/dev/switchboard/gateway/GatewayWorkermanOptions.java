package dev.switchboard.gateway;

import dev.switchboard.core.ConfigKeys;
import io.netty.util.NetUtil;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GatewayWorker's inner listener on a gateway node ({@link GatewayOptions#getWorkerman()}, JSON
 * key {@code workerman}): a TCP port speaking GatewayWorker's gateway protocol, for PHP
 * {@code GatewayClient}s and {@code BusinessWorker}s. Off by default. While it is on, the node's
 * clients get GatewayWorker's client ids, {@code bin2hex(pack('NnN', ip2long(advertisedHost),
 * port, connection))}, so PHP code can use them (docs/gateway.md, "GatewayWorker's protocol").
 *
 * <p>Who may connect: the addresses of {@code phpClientsFrom} (loopback by default), and, when
 * {@code secretKey} is set, only those that then send it (the PHP protocol has nothing else to
 * authenticate with). The listener binds to {@code host}, 127.0.0.1 by default: never the public
 * interface unless told.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class GatewayWorkermanOptions {

  /** Port value of a listener that is off: {@value}. */
  public static final int OFF = -1;

  /** Default port: {@value} (off; GatewayWorker's own default is {@code startPort} 2000 + n). */
  public static final int DEFAULT_PORT = OFF;

  /** Default host the listener binds to: {@value} (reachable from this host only). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default source addresses allowed to connect: loopback only (127.0.0.0/8 and ::1/128). */
  public static final List<String> DEFAULT_PHP_CLIENTS_FROM = List.of("127.0.0.0/8", "::1/128");

  /** Default largest packet accepted, header included, in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_PACKAGE_SIZE = 1_048_576;

  /** Default maximum of inner connections open at once on the node's listener: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1_024;

  /**
   * Default time a connection has to authenticate when {@code secretKey} is set, in ms: {@value}
   * (GatewayWorker waits forever).
   */
  public static final long DEFAULT_AUTH_TIMEOUT = 10_000;

  private static final ConfigKeys KEYS = ConfigKeys.of("workerman")
      .ints("port", "maxPackageSize", "maxConnections").longs("authTimeout")
      .strings("host", "advertisedHost", "secretKey").stringArrays("phpClientsFrom");

  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String advertisedHost;
  private String secretKey;
  private List<String> phpClientsFrom = DEFAULT_PHP_CLIENTS_FROM;
  private int maxPackageSize = DEFAULT_MAX_PACKAGE_SIZE;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private long authTimeout = DEFAULT_AUTH_TIMEOUT;

  /** Options with every default (the listener off). */
  public GatewayWorkermanOptions() {
  }

  /**
   * @param other the options to copy
   */
  public GatewayWorkermanOptions(GatewayWorkermanOptions other) {
    this.port = other.port;
    this.host = other.host;
    this.advertisedHost = other.advertisedHost;
    this.secretKey = other.secretKey;
    this.phpClientsFrom = other.phpClientsFrom;
    this.maxPackageSize = other.maxPackageSize;
    this.maxConnections = other.maxConnections;
    this.authTimeout = other.authTimeout;
  }

  /**
   * Reads options from JSON; absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong type, or a key
   *     unknown
   */
  public GatewayWorkermanOptions(JsonObject json) {
    json = KEYS.check(json);
    setPort(json.getInteger("port", DEFAULT_PORT));
    setHost(json.getString("host", DEFAULT_HOST));
    setAdvertisedHost(json.getString("advertisedHost"));
    setSecretKey(json.getString("secretKey"));
    JsonArray from = json.getJsonArray("phpClientsFrom");
    if (from != null) {
      List<String> entries = new ArrayList<>();
      from.forEach(entry -> entries.add((String) entry));
      setPhpClientsFrom(entries);
    }
    setMaxPackageSize(json.getInteger("maxPackageSize", DEFAULT_MAX_PACKAGE_SIZE));
    setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
    setAuthTimeout(json.getLong("authTimeout", DEFAULT_AUTH_TIMEOUT));
  }

  /**
   * @return these options as JSON (the secret key included: keep it as secret as the config)
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("port", port).put("host", host)
        .put("phpClientsFrom", new JsonArray(new ArrayList<>(phpClientsFrom)))
        .put("maxPackageSize", maxPackageSize).put("maxConnections", maxConnections)
        .put("authTimeout", authTimeout);
    if (advertisedHost != null) {
      json.put("advertisedHost", advertisedHost);
    }
    if (secretKey != null) {
      json.put("secretKey", secretKey);
    }
    return json;
  }

  /** @return whether the listener is on */
  public boolean isEnabled() {
    return port != OFF;
  }

  /** @return the port, or {@link #OFF} */
  public int getPort() {
    return port;
  }

  /**
   * @param port the listener's port, 0 for any free port, {@link #OFF} (the default) for none
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setPort(int port) {
    if (port < OFF || port > 65535) {
      throw new IllegalArgumentException("workerman.port must be -1 (off), 0 (any free port) or "
          + "1-65535, got " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the host the listener binds to */
  public String getHost() {
    return host;
  }

  /**
   * @param host the host the listener binds to (an internal interface; {@code 0.0.0.0} for
   *             every interface, which then needs {@code advertisedHost})
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setHost(String host) {
    Objects.requireNonNull(host, "workerman.host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("workerman.host must not be blank");
    }
    this.host = host;
    return this;
  }

  /** @return the address PHP is told to connect to, or null for {@link #getHost()} */
  public String getAdvertisedHost() {
    return advertisedHost;
  }

  /**
   * @param advertisedHost the IPv4 address other hosts reach this listener at (GatewayWorker's
   *                       {@code lanIp}): it is in the node's client ids and in what a Register
   *                       lists; null (the default) for {@code host}
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setAdvertisedHost(String advertisedHost) {
    if (advertisedHost != null && !NetUtil.isValidIpV4Address(advertisedHost)) {
      throw new IllegalArgumentException("workerman.advertisedHost must be an IPv4 address "
          + "(GatewayWorker's client ids hold one), got \"" + advertisedHost + "\"");
    }
    this.advertisedHost = advertisedHost;
    return this;
  }

  /**
   * @return the address in client ids: {@code advertisedHost}, else {@code host}
   * @throws IllegalStateException when neither is an IPv4 address other than 0.0.0.0
   */
  public String advertisedAddress() {
    String address = advertisedHost != null ? advertisedHost : host;
    if (!NetUtil.isValidIpV4Address(address) || address.equals("0.0.0.0")) {
      throw new IllegalStateException("workerman.host \"" + host + "\" is not an address PHP "
          + "can connect to: set workerman.advertisedHost to this node's IPv4 address");
    }
    return address;
  }

  /** @return the secret key, or null for none */
  public String getSecretKey() {
    return secretKey;
  }

  /**
   * @param secretKey GatewayWorker's {@code secretKey}: a connection must send it
   *                  ({@code CMD_WORKER_CONNECT} or {@code CMD_GATEWAY_CLIENT_CONNECT}) before
   *                  anything else; null (the default) or empty for none
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setSecretKey(String secretKey) {
    this.secretKey = secretKey == null || secretKey.isEmpty() ? null : secretKey;
    return this;
  }

  /** @return who may connect: addresses and CIDR blocks */
  public List<String> getPhpClientsFrom() {
    return phpClientsFrom;
  }

  /**
   * @param phpClientsFrom who may connect with the PHP protocol, which cannot authenticate
   *                       beyond {@code secretKey}: IPv4/IPv6 addresses or CIDR blocks
   *                       ({@code 10.0.0.0/8}); loopback by default; an empty list refuses every
   *                       address; a bad entry fails the verticle's start, naming it
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setPhpClientsFrom(List<String> phpClientsFrom) {
    Objects.requireNonNull(phpClientsFrom, "workerman.phpClientsFrom");
    this.phpClientsFrom = List.copyOf(phpClientsFrom);
    return this;
  }

  /** @return the largest packet accepted, in bytes */
  public int getMaxPackageSize() {
    return maxPackageSize;
  }

  /**
   * @param maxPackageSize the largest packet accepted, header included (at least 28); a larger
   *                       one closes the connection with a logged reason
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setMaxPackageSize(int maxPackageSize) {
    if (maxPackageSize < 28) {
      throw new IllegalArgumentException("workerman.maxPackageSize must be >= 28, got "
          + maxPackageSize);
    }
    this.maxPackageSize = maxPackageSize;
    return this;
  }

  /** @return the maximum of inner connections open at once */
  public int getMaxConnections() {
    return maxConnections;
  }

  /**
   * @param maxConnections the maximum of inner connections open at once (beyond it a new one is
   *                       closed at once, logged)
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setMaxConnections(int maxConnections) {
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("workerman.maxConnections must be > 0, got "
          + maxConnections);
    }
    this.maxConnections = maxConnections;
    return this;
  }

  /** @return the time a connection has to authenticate, ms */
  public long getAuthTimeout() {
    return authTimeout;
  }

  /**
   * @param authTimeout the time a connection has to send the secret key when one is set, ms
   * @return a reference to this, so the API can be used fluently
   */
  public GatewayWorkermanOptions setAuthTimeout(long authTimeout) {
    if (authTimeout <= 0) {
      throw new IllegalArgumentException("workerman.authTimeout must be > 0, got " + authTimeout);
    }
    this.authTimeout = authTimeout;
    return this;
  }
}
