package dev.switchboard.channel.server.impl;

import dev.switchboard.core.internal.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The meters of the channel servers of one node ({@code switchboard_channel_*}, docs/channel.md,
 * "Metrics"): functions over the {@link ServerStats} adders of every server listening on the node
 * (summed, with no label: a node usually runs one), read only when the registry is scraped, and
 * the publish-to-ack timer. A server that closes leaves its counts in the counters, so they never
 * go down; the gauges count the servers still listening.
 *
 * <p>This is the one place the channel server's meters are registered: the metrics off switch
 * gates the registry given to
 * {@link #of(MeterRegistry)}.
 *
 * <p>Threading: any thread.
 */
final class ChannelServerMeters {

  /** Bounds of the publish-to-ack histogram's buckets. */
  static final Duration ACK_MIN = Duration.ofNanos(10_000);
  static final Duration ACK_MAX = Duration.ofSeconds(1);

  private static final Map<MeterRegistry, ChannelServerMeters> BY_REGISTRY = new WeakHashMap<>();

  /** A counter of the status: its meter name, meaning and adder. */
  private record Count(String name, String help, ToLongFunction<ServerStats> value) {
  }

  private static final List<Count> COUNTS = List.of(
      new Count("connections.accepted", "Connections accepted (connectionsTotal)",
          s -> s.connectionsTotal.sum()),
      new Count("connections.refused", "Connections refused by the connection limits (refused)",
          s -> s.refused.sum()),
      new Count("publishes.in", "Publish requests received (publishesIn)",
          s -> s.publishesIn.sum()),
      new Count("events.out", "Events written to subscribers (eventsOut)",
          s -> s.eventsOut.sum()),
      new Count("bytes.in", "Bytes of frames received (bytesIn)", s -> s.bytesIn.sum()),
      new Count("bytes.out", "Bytes of frames written (bytesOut)", s -> s.bytesOut.sum()),
      new Count("send.fail", "Events not written to a subscriber (sendFail)",
          s -> s.sendFail.sum()),
      new Count("drops", "Events dropped on a full send buffer (drops)", s -> s.drops.sum()),
      new Count("slow.disconnects", "Slow subscribers disconnected (slowDisconnects)",
          s -> s.slowDisconnects.sum()),
      new Count("auth.failures", "Refused authentications (authFailures)",
          s -> s.authFailures.sum()),
      new Count("auth.banned", "Connections refused from a banned address (authBanned)",
          s -> s.authBanned.sum()),
      new Count("auth.timeouts", "Connections closed for not authenticating in time "
          + "(authTimeouts)", s -> s.authTimeouts.sum()),
      new Count("auth.expired", "Connections closed when their token expired (authExpired)",
          s -> s.authExpired.sum()),
      new Count("protocol.errors", "Bad frames and requests (protocolErrors)",
          s -> s.protocolErrors.sum()),
      new Count("heartbeat.closes", "Connections closed for silence (heartbeatCloses)",
          s -> s.heartbeatCloses.sum()),
      new Count("input.pause.closes", "Connections closed with their input paused too long "
          + "(inputPauseCloses)", s -> s.inputPauseCloses.sum()),
      new Count("connections.php", "Connections that speak the PHP protocol (phpConnections)",
          s -> s.phpConnections.sum()),
      new Count("connections.php.refused", "Connections closed for speaking PHP from an address "
          + "outside phpClientsFrom (phpRefused)", s -> s.phpRefused.sum()));

  private final Set<ChannelServerImpl> live = ConcurrentHashMap.newKeySet();
  /** Per counter, what the servers closed on this node counted. */
  private final Map<Count, LongAdder> retired = new ConcurrentHashMap<>();
  private final Timer publishAck;

  private ChannelServerMeters(MeterRegistry registry) {
    for (Count count : COUNTS) {
      retired.put(count, new LongAdder());
      FunctionCounter.builder("switchboard.channel." + count.name(), this,
              meters -> meters.sum(count))
          .description(count.help()).register(registry);
    }
    gauge(registry, "connections", "Open connections (connections)",
        server -> server.counters().connections.sum());
    gauge(registry, "channels", "Channels with a subscriber on the server (channels)",
        server -> server.counters().channelCount());
    gauge(registry, "subscriptions", "Subscriptions of the connections (subscriptions)",
        server -> server.counters().subscriptions.sum());
    gauge(registry, "pending.bytes", "Bytes written to connections and not yet handed to the OS "
        + "(pendingBytes)", ChannelServerImpl::pendingBytes);
    gauge(registry, "banned.addresses", "Addresses banned for failed authentications now "
        + "(bannedAddresses)", ChannelServerImpl::bannedAddresses);
    publishAck = Timer.builder("switchboard.channel.publish.ack")
        .description("From a publish frame read to its ack written, at the server")
        .publishPercentileHistogram().minimumExpectedValue(ACK_MIN).maximumExpectedValue(ACK_MAX)
        .register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String help,
      ToLongFunction<ChannelServerImpl> value) {
    Gauge.builder("switchboard.channel." + name, this, meters -> {
      long sum = 0;
      for (ChannelServerImpl server : meters.live) {
        sum += value.applyAsLong(server);
      }
      return sum;
    }).description(help).register(registry);
  }

  /**
   * The meters of the channel servers registering on a registry, registered there on first use.
   *
   * @param registry the node's registry, or a registry of no-ops when the server's metrics are
   *                 off ({@link NodeMetrics#registry(Vertx, dev.switchboard.core.MetricsOptions)})
   * @return the channel server meters on that registry
   */
  static ChannelServerMeters of(MeterRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, ChannelServerMeters::new);
    }
  }

  /** Counts a server that listens now. */
  void add(ChannelServerImpl server) {
    live.add(server);
  }

  /** Stops counting a closed server; its counts stay in the counters. */
  void remove(ChannelServerImpl server) {
    if (live.remove(server)) {
      for (Count count : COUNTS) {
        retired.get(count).add(count.value().applyAsLong(server.counters()));
      }
    }
  }

  /** @return the timer of publish requests, from frame read to ack written */
  Timer publishAck() {
    return publishAck;
  }

  private double sum(Count count) {
    long sum = retired.get(count).sum();
    for (ChannelServerImpl server : live) {
      sum += count.value().applyAsLong(server.counters());
    }
    return sum;
  }
}
