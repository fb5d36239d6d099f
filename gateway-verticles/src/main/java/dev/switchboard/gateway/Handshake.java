package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a client presented when it connected: given to the connect hook
 * ({@link GatewayHandler#onHandshake}, {@link BusinessHandler#onHandshake}) before the connection
 * exists, and kept with the connection afterwards ({@link Connection#handshake()},
 * {@link ClientInfo#handshake()}). For a WebSocket: the request's path, query parameters,
 * headers, cookies and offered subprotocols; the TCP protocols have none of these (empty, path
 * null). Addresses are {@code host:port}; the client address is the remote address unless a
 * trusted proxy said otherwise. When the gateway checks JWTs, {@link #claims()} holds the
 * verified token's claims.
 *
 * <p>What the gateway reads is bounded by its HTTP limits (request line and headers, 8 KiB each
 * by default). The JSON form ({@link #toJson()}) is what travels to business instances.
 *
 * <p>Threading: immutable; any thread.
 */
public final class Handshake {

  private final Protocol protocol;
  private final String path;
  // name, value, name, value...: a connection keeps its handshake for its whole life, and flat
  // arrays take about half what maps of lists do; the maps are built when asked for
  private final String[] query;
  private final String[] headers;
  private final String[] cookies;
  private final List<String> subprotocols;
  private final String remoteAddress;
  private final String clientAddress;
  private final JsonObject claims;

  /**
   * @param protocol      how the client speaks
   * @param path          the request's path (WebSocket), or null (TCP)
   * @param query         the decoded query parameters, in order (copied)
   * @param headers       the request headers, names in any case (copied; names lower-cased)
   * @param cookies       the cookies by name (copied)
   * @param subprotocols  the subprotocols offered, in order (copied)
   * @param remoteAddress the TCP peer, {@code host:port}
   * @param clientAddress the client, {@code host:port} (behind a trusted proxy, what it said)
   * @param claims        the verified JWT's claims, or null (copied)
   */
  public Handshake(Protocol protocol, String path, Map<String, List<String>> query,
      Map<String, List<String>> headers, Map<String, String> cookies, List<String> subprotocols,
      String remoteAddress, String clientAddress, JsonObject claims) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.path = path;
    this.query = flat(query, false);
    this.headers = flat(headers, true);
    this.cookies = flat(cookies);
    this.subprotocols = List.copyOf(subprotocols);
    this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    this.claims = claims == null ? null : claims.copy();
  }

  /**
   * A handshake of addresses only, as the TCP protocols have.
   *
   * @param protocol      how the client speaks
   * @param remoteAddress the TCP peer, {@code host:port}
   * @param clientAddress the client, {@code host:port}
   * @return the handshake
   */
  public static Handshake of(Protocol protocol, String remoteAddress, String clientAddress) {
    return new Handshake(protocol, null, Map.of(), Map.of(), Map.of(), List.of(), remoteAddress,
        clientAddress, null);
  }

  private static final String[] NONE = new String[0];

  private static String[] flat(Map<String, List<String>> map, boolean lower) {
    List<String> pairs = new ArrayList<>();
    map.forEach((name, values) -> {
      String key = lower ? name.toLowerCase(Locale.ROOT) : name;
      for (String value : values) {
        pairs.add(key);
        pairs.add(Objects.requireNonNull(value, "value"));
      }
    });
    return pairs.isEmpty() ? NONE : pairs.toArray(NONE);
  }

  private static String[] flat(Map<String, String> map) {
    List<String> pairs = new ArrayList<>();
    map.forEach((name, value) -> {
      pairs.add(name);
      pairs.add(Objects.requireNonNull(value, "value"));
    });
    return pairs.isEmpty() ? NONE : pairs.toArray(NONE);
  }

  /** @return the pairs as a map of each name's values, in order (unmodifiable) */
  private static Map<String, List<String>> multi(String[] pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
    }
    map.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(map);
  }

  /** @return the first value of a name, or null */
  private static String first(String[] pairs, String name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  /** @return how the client speaks to its gateway */
  public Protocol protocol() {
    return protocol;
  }

  /** @return the WebSocket request's path, or null for the TCP protocols */
  public String path() {
    return path;
  }

  /** @return the decoded query parameters, in order (unmodifiable; empty for TCP) */
  public Map<String, List<String>> query() {
    return multi(query);
  }

  /**
   * @param name a query parameter
   * @return its first value, or null
   */
  public String queryParam(String name) {
    return first(query, name);
  }

  /** @return the request headers, names lower-cased (unmodifiable; empty for TCP) */
  public Map<String, List<String>> headers() {
    return multi(headers);
  }

  /**
   * @param name a header name, in any case
   * @return its first value, or null
   */
  public String header(String name) {
    return first(headers, name.toLowerCase(Locale.ROOT));
  }

  /** @return the cookies by name (unmodifiable; empty for TCP) */
  public Map<String, String> cookies() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < cookies.length; i += 2) {
      map.putIfAbsent(cookies[i], cookies[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** @return the subprotocols the client offered, in order (unmodifiable; empty for TCP) */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /** @return the TCP peer, {@code host:port} (a proxy's, behind one) */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** @return the client, {@code host:port}: the remote address unless a trusted proxy said */
  public String clientAddress() {
    return clientAddress;
  }

  /** @return the verified JWT's claims (a copy), or null when no token was checked */
  public JsonObject claims() {
    return claims == null ? null : claims.copy();
  }

  /**
   * @param claims a verified token's claims
   * @return this handshake with those claims
   */
  public Handshake withClaims(JsonObject claims) {
    return new Handshake(protocol, path, query(), headers(), cookies(), subprotocols, remoteAddress,
        clientAddress, claims);
  }

  /** @return this handshake as JSON, readable by {@link #fromJson} */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("protocol", protocol.wireName())
        .put("query", multi(query())).put("headers", multi(headers()))
        .put("cookies", new JsonObject(new LinkedHashMap<>(cookies())))
        .put("subprotocols", new JsonArray(new ArrayList<>(subprotocols)))
        .put("remoteAddress", remoteAddress).put("clientAddress", clientAddress);
    if (path != null) {
      json.put("path", path);
    }
    if (claims != null) {
      json.put("claims", claims.copy());
    }
    return json;
  }

  private static JsonObject multi(Map<String, List<String>> map) {
    JsonObject json = new JsonObject();
    map.forEach((name, values) -> json.put(name, new JsonArray(new ArrayList<>(values))));
    return json;
  }

  /**
   * @param json what {@link #toJson()} wrote
   * @return the handshake
   * @throws IllegalArgumentException when the JSON is not a handshake's
   */
  public static Handshake fromJson(JsonObject json) {
    try {
      return new Handshake(Protocol.fromWireName(json.getString("protocol")),
          json.getString("path"), multi(json.getJsonObject("query")),
          multi(json.getJsonObject("headers")), strings(json.getJsonObject("cookies")),
          list(json.getJsonArray("subprotocols")), json.getString("remoteAddress"),
          json.getString("clientAddress"), json.getJsonObject("claims"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a handshake: " + e.getMessage(), e);
    }
  }

  private static Map<String, List<String>> multi(JsonObject json) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    json.forEach(entry -> map.put(entry.getKey(), list((JsonArray) entry.getValue())));
    return map;
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> map = new LinkedHashMap<>();
    json.forEach(entry -> map.put(entry.getKey(), (String) entry.getValue()));
    return map;
  }

  private static List<String> list(JsonArray array) {
    List<String> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      list.add(array.getString(i));
    }
    return list;
  }

  @Override
  public String toString() {
    return protocol.wireName() + " handshake from " + clientAddress
        + (path == null ? "" : " for " + path);
  }
}
