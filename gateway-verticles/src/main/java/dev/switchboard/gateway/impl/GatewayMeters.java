package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Contexts;
import dev.switchboard.core.internal.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a node's gateway verticles ({@code switchboard_gateway_*}, docs/gateway.md,
 * Metrics): every counter of {@code GET /status}, summed over the node's verticles, and the node
 * entry's routing and federation figures.
 *
 * <p>How values are published: the counters stay plain {@code long}s, written on each verticle's
 * context (nothing is added to the hot path). Before each scrape, {@link #refresh} copies each
 * verticle's counters on its own context (as {@code /status} does), sums them and publishes the
 * sum and the routing status through a volatile field; the meters ({@link FunctionCounter},
 * {@link Gauge}) read that last published snapshot. A scrape that does not refresh (
 * {@link NodeMetrics#scrape}) renders the last refresh's values.
 *
 * <p>Labels are bounded: {@code reason} and {@code result} take the fixed values of
 * {@link #BINDINGS}; {@code peer} is a node id (bounded by the cluster's size). No client id,
 * uid, group or channel is ever a label.
 *
 * <p>Threading: any thread.
 */
final class GatewayMeters {

  /** One meter read from the summed counters. */
  record Binding(String name, boolean gauge, Tags tags, ToDoubleFunction<long[]> value,
                         String description) {
  }

  private static final String P = "switchboard.gateway.";

  /** Every meter read from the counters; every counter of {@link Counter} is read by one. */
  static final List<Binding> BINDINGS = List.of(
      gauge("connections", Counter.CONNECTIONS, "connections open now"),
      counter("connections.accepted", Counter.CONNECTIONS_TOTAL, "connections accepted"),
      counter("requests", Counter.TOTAL_REQUEST, "messages received from clients"),
      counter("messages.out", Counter.MESSAGES_OUT, "messages written or queued to clients"),
      new Binding(P + "send.fail", false, Tags.of("reason", "buffer_full"),
          v -> v[Counter.DROPPED.ordinal()], "sends that failed"),
      new Binding(P + "send.fail", false, Tags.of("reason", "closed"),
          v -> v[Counter.SEND_FAIL.ordinal()] - v[Counter.DROPPED.ordinal()],
          "sends that failed"),
      counter("dropped", Counter.DROPPED, "sends refused because the send buffer was full"),
      counter("buffer.full", Counter.BUFFER_FULL, "onBufferFull events"),
      counter("buffer.drain", Counter.BUFFER_DRAIN, "onBufferDrain events"),
      counter("received.bytes", Counter.BYTES_IN, "bytes received"),
      counter("sent.bytes", Counter.BYTES_OUT, "bytes handed to sockets"),
      gauge("pending.bytes", Counter.PENDING_BYTES, "bytes queued, not yet in the OS"),
      tagged("closes", "reason", "slow", Counter.SLOW_DISCONNECTS, "connections closed"),
      tagged("closes", "reason", "heartbeat", Counter.HEARTBEAT_CLOSES, "connections closed"),
      tagged("closes", "reason", "auth", Counter.AUTH_CLOSES, "connections closed"),
      tagged("closes", "reason", "too_large", Counter.TOO_LARGE, "connections closed"),
      tagged("closes", "reason", "protocol", Counter.PROTOCOL_ERRORS, "connections closed"),
      tagged("closes", "reason", "handshake_timeout", Counter.HANDSHAKE_TIMEOUTS,
          "connections closed"),
      counter("close.timeouts", Counter.CLOSE_TIMEOUTS,
          "graceful closes that did not flush within closeTimeout"),
      tagged("refused", "reason", "limit", Counter.REFUSED, "connections refused"),
      tagged("refused", "reason", "origin", Counter.ORIGIN_REFUSED, "connections refused"),
      tagged("refused", "reason", "proxy", Counter.PROXY_REFUSED, "connections refused"),
      tagged("refused", "reason", "token", Counter.AUTH_REJECTED, "connections refused"),
      counter("shed", Counter.SHED, "refused connections told why"),
      gauge("connecting", Counter.CONNECTING, "clients waiting for the connect hook"),
      gauge("http.connections", Counter.HTTP_CONNECTIONS,
          "HTTP connections open that are not WebSockets"),
      tagged("connect.hook", "result", "rejected", Counter.CONNECT_REJECTED,
          "connect hook decisions that refused a client"),
      tagged("connect.hook", "result", "timeout", Counter.CONNECT_HOOK_TIMEOUTS,
          "connect hook decisions that refused a client"),
      tagged("connect.hook", "result", "failure", Counter.CONNECT_HOOK_FAILURES,
          "connect hook decisions that refused a client"),
      counter("exceptions", Counter.EXCEPTIONS, "exceptions of handlers and sockets"),
      counter("business.events", Counter.BUSINESS_EVENTS, "client events handled by a business"),
      counter("business.retries", Counter.BUSINESS_RETRIES, "client events sent again"),
      counter("business.timeouts", Counter.BUSINESS_TIMEOUTS, "business events not answered"),
      counter("business.failures", Counter.BUSINESS_FAILURES, "business events that failed"),
      counter("business.dropped", Counter.BUSINESS_DROPPED, "business events dropped"),
      counter("business.pauses", Counter.BUSINESS_PAUSES,
          "times a client stopped being read for its business"));

  /** The routing figures of the node entry: name, key in the routing status, gauge or not. */
  private static final String[][] ROUTING = {
      {"routing.groups", "groups", "gauge", "groups held by this node"},
      {"routing.uids", "uids", "gauge", "uids held by this node"},
      {"routing.clients", "clients", "gauge", "connections with a group, uid or session"},
      {"routing.requests", "requests", "counter", "routing requests answered"},
      {"routing.remote.calls", "remoteCalls", "counter", "calls of remote callers run"},
  };

  /** The federation figures: name, key in the federation status. */
  private static final String[][] FEDERATION = {
      {"federation.dropped.messages", "droppedMessages", "messages a peer window refused"},
      {"federation.dropped.bytes", "droppedBytes", "bytes of messages a peer window refused"},
      {"federation.peer.disconnects", "peerDisconnects", "peers cut off for their window"},
      {"federation.ignored.acks", "ignoredAcks", "acknowledgements not matching a window"},
  };

  private final GatewayNode node;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final MultiGauge inFlight;
  private final Runnable stopRefresh;
  private volatile long[] counters = new long[Counter.ALL.length];
  private volatile JsonObject routing = new JsonObject();

  private GatewayMeters(Vertx vertx, GatewayNode node) {
    this.node = node;
    this.registry = NodeMetrics.registry(vertx);
    for (Binding binding : BINDINGS) {
      ToDoubleFunction<GatewayMeters> read = m -> binding.value().applyAsDouble(m.counters);
      meters.add(binding.gauge()
          ? Gauge.builder(binding.name(), this, read).tags(binding.tags())
              .description(binding.description()).register(registry)
          : FunctionCounter.builder(binding.name(), this, read).tags(binding.tags())
              .description(binding.description()).register(registry));
    }
    for (String[] figure : ROUTING) {
      ToDoubleFunction<GatewayMeters> read = m -> m.routing.getLong(figure[1], 0L);
      meters.add("gauge".equals(figure[2])
          ? Gauge.builder(P + figure[0], this, read).description(figure[3]).register(registry)
          : FunctionCounter.builder(P + figure[0], this, read).description(figure[3])
              .register(registry));
    }
    for (String[] figure : FEDERATION) {
      meters.add(FunctionCounter.builder(P + figure[0], this,
          m -> m.federation().getLong(figure[1], 0L)).description(figure[2]).register(registry));
    }
    inFlight = MultiGauge.builder(P + "federation.in.flight")
        .description("messages sent to a peer node and not yet acknowledged")
        .register(registry);
    stopRefresh = NodeMetrics.onScrape(vertx, this::refresh);
  }

  /**
   * Registers the meters of a node's gateway verticles on the node's registry.
   *
   * @param vertx the node
   * @param node  its gateway verticles
   * @return the meters, to {@link #close} when the node's last verticle leaves
   */
  static GatewayMeters register(Vertx vertx, GatewayNode node) {
    return new GatewayMeters(vertx, node);
  }

  /**
   * Gathers each verticle's counters on its context, then publishes their sum and the routing
   * status.
   *
   * @return completed once published
   */
  Future<Void> refresh() {
    List<Future<long[]>> parts = new ArrayList<>();
    for (GatewayServer server : node.servers()) {
      parts.add(Contexts.call(server.context(), () -> server.stats().snapshot()));
    }
    return Future.join(parts).transform(ar -> {
      long[] sum = new long[Counter.ALL.length];
      for (Future<long[]> part : parts) {
        if (part.succeeded()) {
          GatewayStats.sum(sum, part.result());
        }
      }
      JsonObject status = node.routingStatus();
      routing = status == null ? new JsonObject() : status;
      counters = sum;
      publishInFlight();
      return Future.succeededFuture();
    });
  }

  private JsonObject federation() {
    JsonObject federation = routing.getJsonObject("federation");
    return federation == null ? new JsonObject() : federation;
  }

  private void publishInFlight() {
    JsonObject peers = federation().getJsonObject("peers");
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    if (peers != null) {
      for (String peer : peers.fieldNames()) {
        JsonObject windows = peers.getJsonObject(peer);
        long sum = 0;
        for (String path : windows.fieldNames()) {
          sum += windows.getJsonObject(path).getLong("inFlight", 0L);
        }
        rows.add(MultiGauge.Row.of(Tags.of("peer", peer), sum));
      }
    }
    inFlight.register(rows, true);
  }

  /** Removes the meters from the registry. */
  void close() {
    stopRefresh.run();
    meters.forEach(registry::remove);
    inFlight.register(List.of(), true);
  }

  private static Binding gauge(String name, Counter counter, String description) {
    return new Binding(P + name, true, Tags.empty(), v -> v[counter.ordinal()], description);
  }

  private static Binding counter(String name, Counter counter, String description) {
    return new Binding(P + name, false, Tags.empty(), v -> v[counter.ordinal()], description);
  }

  private static Binding tagged(String name, String key, String value, Counter counter,
      String description) {
    return new Binding(P + name, false, Tags.of(key, value), v -> v[counter.ordinal()],
        description);
  }
}
