package dev.switchboard.gateway;

import dev.switchboard.core.ListenerOptions;
import dev.switchboard.gateway.impl.TrustedProxies;
import dev.switchboard.core.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of a {@link GatewayVerticle} behind proxies: which TCP peers are trusted to name
 * the client they forward ({@code trustedProxies}), by which HTTP headers ({@code
 * forwardedHeaders}), and where the PROXY protocol is spoken ({@code proxyProtocol}, {@code
 * httpProxyProtocol}). Users call them on {@link GatewayOptions}; this class only keeps that
 * one's size down.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 *
 * @param <T> the options class, returned by the fluent setters
 */
abstract class GatewayProxyOptions<T extends GatewayProxyOptions<T>> extends ListenerOptions<T> {

  /** The {@code Forwarded} header (RFC 7239): {@value}. */
  public static final String FORWARDED = "Forwarded";

  /** The {@code X-Forwarded-For} header: {@value}. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** The {@code X-Real-IP} header: {@value}. */
  public static final String X_REAL_IP = "X-Real-IP";

  /**
   * Default headers read from a trusted proxy, the first present deciding: {@code Forwarded},
   * {@code X-Forwarded-For}, {@code X-Real-IP}.
   */
  public static final List<String> DEFAULT_FORWARDED_HEADERS =
      List.of(FORWARDED, X_FORWARDED_FOR, X_REAL_IP);

  /** The JSON keys of {@link #readProxyJson} and the listener's, with their types. */
  static final ConfigKeys PROXY_KEYS = LISTENER_KEYS
      .stringArrays("trustedProxies", "forwardedHeaders")
      .booleans("proxyProtocol", "httpProxyProtocol");

  /** Default of {@code proxyProtocol} and {@code httpProxyProtocol}: {@value} (off). */
  public static final boolean DEFAULT_PROXY_PROTOCOL = false;

  private List<String> trustedProxies = List.of();
  private List<String> forwardedHeaders = DEFAULT_FORWARDED_HEADERS;
  private boolean proxyProtocol = DEFAULT_PROXY_PROTOCOL;
  private boolean httpProxyProtocol = DEFAULT_PROXY_PROTOCOL;

  GatewayProxyOptions(int defaultPort, long defaultHeartbeatTimeout, int defaultMaxConnections) {
    super(defaultPort, defaultHeartbeatTimeout, defaultMaxConnections);
  }

  /** Reads the proxy options from JSON; absent keys keep their defaults. */
  void readProxyJson(JsonObject json) {
    setTrustedProxies(strings(json, "trustedProxies", List.of()));
    setForwardedHeaders(strings(json, "forwardedHeaders", DEFAULT_FORWARDED_HEADERS));
    setProxyProtocol(json.getBoolean("proxyProtocol", DEFAULT_PROXY_PROTOCOL));
    setHttpProxyProtocol(json.getBoolean("httpProxyProtocol", DEFAULT_PROXY_PROTOCOL));
  }

  /**
   * @return the strings of a JSON array option, or {@code absent} when the key is absent
   * @throws IllegalArgumentException when it holds something else than strings
   */
  static List<String> strings(JsonObject json, String key, List<String> absent) {
    JsonArray array = json.getJsonArray(key);
    if (array == null) {
      return absent;
    }
    List<String> list = new ArrayList<>();
    for (Object value : array) {
      if (!(value instanceof String s)) {
        throw new IllegalArgumentException(key + " must hold strings, got " + value);
      }
      list.add(s);
    }
    return list;
  }

  /** Writes the proxy options to JSON. */
  JsonObject writeProxyJson(JsonObject json) {
    return json.put("trustedProxies", new JsonArray(new ArrayList<>(trustedProxies)))
        .put("forwardedHeaders", new JsonArray(new ArrayList<>(forwardedHeaders)))
        .put("proxyProtocol", proxyProtocol).put("httpProxyProtocol", httpProxyProtocol);
  }

  /** @return the address blocks of the trusted proxies (CIDR notation); empty: nobody */
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  /**
   * Names the proxies trusted to tell the client's address: a connection whose TCP peer is in
   * one of these blocks may name its client in the {@code forwardedHeaders} (HTTP port) or in a
   * PROXY protocol header (where it is on); from any other peer those headers are ignored and a
   * PROXY header is refused. Empty (the default) trusts nobody: the client's address is the TCP
   * peer's.
   *
   * @param trustedProxies IPv4 and IPv6 blocks in CIDR notation ({@code 10.0.0.0/8},
   *                       {@code fd00::/8}) or single addresses ({@code 192.168.1.10}); literals
   *                       only, no host names
   * @return a reference to this, so the API can be used fluently
   * @throws IllegalArgumentException naming the first entry that is not an address block
   */
  public T setTrustedProxies(List<String> trustedProxies) {
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    TrustedProxies.parse(trustedProxies); // validated now: a bad block fails the deployment
    this.trustedProxies = List.copyOf(trustedProxies);
    return self();
  }

  /** @return the headers read from a trusted proxy, in order of precedence */
  public List<String> getForwardedHeaders() {
    return forwardedHeaders;
  }

  /**
   * Chooses the headers a trusted proxy names its client in, in order of precedence: the first
   * present in a request decides (a malformed one is ignored, and the client's address is then
   * the peer's). A proxy passes on what the client sent in the headers it does not set itself
   * (nginx with {@code X-Forwarded-For} passes a client's {@code Forwarded} on unchanged): list
   * only the header your proxies set, or have them clear the others.
   *
   * @param forwardedHeaders some of {@value #FORWARDED}, {@value #X_FORWARDED_FOR}, {@value
   *                         #X_REAL_IP} (any case); empty reads none (the PROXY protocol only)
   * @return a reference to this, so the API can be used fluently
   */
  public T setForwardedHeaders(List<String> forwardedHeaders) {
    Objects.requireNonNull(forwardedHeaders, "forwardedHeaders");
    List<String> names = new ArrayList<>();
    for (String name : forwardedHeaders) {
      String known = DEFAULT_FORWARDED_HEADERS.stream().filter(h -> h.equalsIgnoreCase(name))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("forwardedHeaders must be "
              + "some of " + DEFAULT_FORWARDED_HEADERS + ", got '" + name + "'"));
      if (names.contains(known)) {
        throw new IllegalArgumentException("forwardedHeaders names " + known + " twice");
      }
      names.add(known);
    }
    this.forwardedHeaders = List.copyOf(names);
    return self();
  }

  /** @return whether the frame and text ports expect a PROXY protocol header */
  public boolean isProxyProtocol() {
    return proxyProtocol;
  }

  /**
   * Makes the TCP ports ({@code framePort}, {@code textPort}) expect a PROXY protocol header
   * (HAProxy's, version 1 or 2) first on every connection, from a trusted proxy: the client's
   * address is then the one it names. A connection from a peer not in {@code trustedProxies}, one
   * whose header is malformed, and one that sends none within {@code handshakeTimeout}, is
   * closed.
   *
   * @param proxyProtocol whether to expect the header
   * @return a reference to this, so the API can be used fluently
   */
  public T setProxyProtocol(boolean proxyProtocol) {
    this.proxyProtocol = proxyProtocol;
    return self();
  }

  /** @return whether the HTTP port expects a PROXY protocol header */
  public boolean isHttpProxyProtocol() {
    return httpProxyProtocol;
  }

  /**
   * The same as {@link #setProxyProtocol} for the HTTP port (WebSocket, {@code /status}, static
   * files); the status listener never takes it.
   *
   * @param httpProxyProtocol whether to expect the header
   * @return a reference to this, so the API can be used fluently
   */
  public T setHttpProxyProtocol(boolean httpProxyProtocol) {
    this.httpProxyProtocol = httpProxyProtocol;
    return self();
  }
}
