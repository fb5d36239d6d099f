package dev.switchboard.gateway;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.core.MetricsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP side's options of a {@link GatewayVerticle}: the WebSocket path, the handshake timeout,
 * the status listener, the accepted origins, the static files and WebSocket compression. Users
 * call them on {@link GatewayOptions}; this class only keeps that one's size down.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 *
 * @param <T> the options class, returned by the fluent setters
 */
abstract class GatewayWebOptions<T extends GatewayWebOptions<T>> extends GatewayProxyOptions<T> {

  /** Default WebSocket path: {@value}. */
  public static final String DEFAULT_PATH = "/";

  /**
   * Default time a TCP connection to the HTTP port has to complete an HTTP request (its headers,
   * or a WebSocket handshake), and an idle kept-alive HTTP connection to send its next one, in ms:
   * {@value}.
   */
  public static final long DEFAULT_HANDSHAKE_TIMEOUT = 5_000;

  /** The value of {@code allowedOrigins} that accepts any origin: {@value}. */
  public static final String ANY_ORIGIN = "*";

  /** Default host of the status listener: {@value}. */
  public static final String DEFAULT_STATUS_HOST = "127.0.0.1";

  /**
   * Default of {@code perMessageDeflate}: {@value} (WebSocket clients' offers of compression are
   * declined).
   */
  public static final boolean DEFAULT_PER_MESSAGE_DEFLATE = false;

  private String path = DEFAULT_PATH;
  private long handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private int statusPort = GatewayOptions.OFF;
  private String statusHost = DEFAULT_STATUS_HOST;
  private List<String> allowedOrigins = List.of();
  private String webRoot;
  private boolean perMessageDeflate = DEFAULT_PER_MESSAGE_DEFLATE;
  private MetricsOptions metrics = new MetricsOptions();

  /** The JSON keys of {@link #readWebJson}, with their types. */
  static final ConfigKeys WEB_KEYS = PROXY_KEYS
      .strings("path", "statusHost", "webRoot").longs("handshakeTimeout").ints("statusPort")
      .stringArrays("allowedOrigins").booleans("perMessageDeflate").objects("metrics");

  GatewayWebOptions(int defaultPort, long defaultHeartbeatTimeout, int defaultMaxConnections) {
    super(defaultPort, defaultHeartbeatTimeout, defaultMaxConnections);
  }

  /** Reads the HTTP side's options from JSON; absent keys keep their defaults. */
  void readWebJson(JsonObject json) {
    setPath(json.getString("path", DEFAULT_PATH));
    setHandshakeTimeout(json.getLong("handshakeTimeout", DEFAULT_HANDSHAKE_TIMEOUT));
    setStatusPort(json.getInteger("statusPort", GatewayOptions.OFF));
    setStatusHost(json.getString("statusHost", DEFAULT_STATUS_HOST));
    setAllowedOrigins(strings(json, "allowedOrigins", List.of()));
    setWebRoot(json.getString("webRoot"));
    readProxyJson(json);
    setPerMessageDeflate(json.getBoolean("perMessageDeflate", DEFAULT_PER_MESSAGE_DEFLATE));
    setMetrics(MetricsOptions.of(json));
  }

  /** Writes the HTTP side's options to JSON. */
  JsonObject writeWebJson(JsonObject json) {
    json.put("path", path).put("handshakeTimeout", handshakeTimeout)
        .put("statusPort", statusPort).put("statusHost", statusHost)
        .put("allowedOrigins", new JsonArray(new ArrayList<>(allowedOrigins)));
    putIfSet(json, "webRoot", webRoot);
    json.put("perMessageDeflate", perMessageDeflate).put("metrics", metrics.toJson());
    return writeProxyJson(json);
  }

  /** @return the WebSocket path */
  public String getPath() {
    return path;
  }

  /**
   * @param path the WebSocket path, starting with {@code /} (not {@code /status})
   * @return a reference to this, so the API can be used fluently
   */
  public T setPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.startsWith("/status")) {
      throw new IllegalArgumentException("path must start with / and not be /status, got '"
          + path + "'");
    }
    this.path = path;
    return self();
  }

  /** @return the time a connection has to complete an HTTP request or WebSocket handshake */
  public long getHandshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Closes a TCP connection to the HTTP port that has not completed an HTTP request (all of its
   * headers; for a WebSocket, its handshake) this long after it opened, and a kept-alive HTTP
   * connection idle this long after its last answer (a slow or silent client holds a socket and
   * a place under {@code maxConnections} until then).
   *
   * @param handshakeTimeout in ms, positive
   * @return a reference to this, so the API can be used fluently
   */
  public T setHandshakeTimeout(long handshakeTimeout) {
    if (handshakeTimeout <= 0) {
      throw new IllegalArgumentException("handshakeTimeout must be > 0, got " + handshakeTimeout);
    }
    this.handshakeTimeout = handshakeTimeout;
    return self();
  }

  /** @return the port of the status listener, or {@link GatewayOptions#OFF} */
  public int getStatusPort() {
    return statusPort;
  }

  /**
   * Serves the full status on a listener of its own ({@code statusHost}): {@code GET /status}
   * ({@code ?cluster=true} for every node) and {@code GET /status/connections} (every client's id
   * and address). The HTTP port serves {@code GET /status} with the counters only, never client
   * identities, and no {@code /status/connections}.
   *
   * @param statusPort the port, 0 for any free port, {@link GatewayOptions#OFF} for no status
   *                   listener
   * @return a reference to this, so the API can be used fluently
   */
  public T setStatusPort(int statusPort) {
    this.statusPort = port("statusPort", statusPort, GatewayOptions.OFF);
    return self();
  }

  /** @return the metrics options (a live reference: change it before the verticle starts) */
  public MetricsOptions getMetrics() {
    return metrics;
  }

  /**
   * Metrics ({@code GET /metrics}, Prometheus's text format): on by default, served on the status
   * listener (when there is one), on a listener of their own when {@code metrics.port} is set,
   * and on the HTTP port only when {@code metrics.publicPort} is true (see docs/gateway.md,
   * Metrics).
   *
   * @param metrics the metrics options (JSON key {@code metrics})
   * @return a reference to this, so the API can be used fluently
   */
  public T setMetrics(MetricsOptions metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return self();
  }

  /** @return the host of the status listener */
  public String getStatusHost() {
    return statusHost;
  }

  /**
   * @param statusHost the host the status listener binds (keep it on an internal or loopback
   *                   address: it lists every client)
   * @return a reference to this, so the API can be used fluently
   */
  public T setStatusHost(String statusHost) {
    this.statusHost = nonBlank("statusHost", statusHost);
    return self();
  }

  /** @return the WebSocket origins accepted besides the same origin; {@code *} accepts any */
  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  /**
   * @param allowedOrigins the {@code Origin} header values a WebSocket handshake may carry besides
   *                       the same origin (e.g. {@code https://app.example.com}, compared
   *                       ignoring case), or {@value #ANY_ORIGIN} for any (also {@code null},
   *                       sent by sandboxed frames and {@code file:} pages). A handshake whose
   *                       {@code Origin} names the host and port of its {@code Host} header
   *                       (the page came from this gateway) is always accepted, and so is one
   *                       without {@code Origin} (not a browser); others are refused with 403,
   *                       so that another site's page cannot open a WebSocket with its
   *                       visitor's cookies (cross-site WebSocket hijacking).
   * @return a reference to this, so the API can be used fluently
   */
  public T setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    return self();
  }

  /** @return the directory of static files served over HTTP, or null */
  public String getWebRoot() {
    return webRoot;
  }

  /**
   * @param webRoot a directory (relative paths are looked up in the working directory, then on
   *                the class path) whose files are served to plain HTTP {@code GET}s, with
   *                {@code index.html} for a directory; null serves none
   * @return a reference to this, so the API can be used fluently
   */
  public T setWebRoot(String webRoot) {
    this.webRoot = webRoot == null ? null : webRoot.replaceAll("/+$", "");
    return self();
  }

  /** @return whether WebSocket clients may send compressed messages ({@code permessage-deflate}) */
  public boolean isPerMessageDeflate() {
    return perMessageDeflate;
  }

  /**
   * Accepts a WebSocket client's offer of the {@code permessage-deflate} extension (RFC 7692, which
   * every browser makes), so that the client may send its messages compressed. A compressed frame
   * is inflated up to {@code maxPackageSize} and no further (a frame that inflates beyond it, a zip
   * bomb, closes the connection with 1009), and a fragmented message as a whole likewise. The
   * server's own messages go uncompressed (allowed by RFC 7692): they are encoded once for every
   * client they go to. A client that sends compressed messages costs an inflater (a 32 KiB window
   * and zlib's state) for as long as it keeps its compression context.
   *
   * @param perMessageDeflate true to accept the offer; default {@value #DEFAULT_PER_MESSAGE_DEFLATE}
   * @return a reference to this, so the API can be used fluently
   */
  public T setPerMessageDeflate(boolean perMessageDeflate) {
    this.perMessageDeflate = perMessageDeflate;
    return self();
  }
}
