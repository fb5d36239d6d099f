package dev.switchboard.channel.server.impl;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one channel server.
 *
 * <p>Threading: thread-safe; updated from every connection's event loop.
 */
final class ServerStats {

  final LongAdder connections = new LongAdder();
  final LongAdder connectionsTotal = new LongAdder();
  final LongAdder subscriptions = new LongAdder();
  final LongAdder publishesIn = new LongAdder();
  final LongAdder eventsOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder sendFail = new LongAdder();
  final LongAdder drops = new LongAdder();
  final LongAdder slowDisconnects = new LongAdder();
  final LongAdder authFailures = new LongAdder();
  final LongAdder authBanned = new LongAdder();
  final LongAdder authTimeouts = new LongAdder();
  /** Connections closed because the JSON Web Token they authenticated with expired. */
  final LongAdder authExpired = new LongAdder();
  final LongAdder protocolErrors = new LongAdder();
  final LongAdder heartbeatCloses = new LongAdder();
  /** Connections closed because their input stayed paused past the paused-input timeout. */
  final LongAdder inputPauseCloses = new LongAdder();
  final LongAdder refused = new LongAdder();
  /** Connections whose first request was PHP and whose address may speak it. */
  final LongAdder phpConnections = new LongAdder();
  /** Connections whose first request was PHP, closed: their address may not speak it. */
  final LongAdder phpRefused = new LongAdder();
  private final ConcurrentHashMap<String, Integer> channels = new ConcurrentHashMap<>();

  void channelAdded(String channel) {
    channels.merge(channel, 1, Integer::sum);
    subscriptions.increment();
  }

  void channelRemoved(String channel) {
    channels.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
    subscriptions.decrement();
  }

  /** @return the channels with a subscriber on this server */
  int channelCount() {
    return channels.size();
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("connections", connections.sum())
        .put("connectionsTotal", connectionsTotal.sum())
        .put("channels", channelCount())
        .put("subscriptions", subscriptions.sum())
        .put("publishesIn", publishesIn.sum())
        .put("eventsOut", eventsOut.sum())
        .put("bytesIn", bytesIn.sum())
        .put("bytesOut", bytesOut.sum())
        .put("sendFail", sendFail.sum())
        .put("drops", drops.sum())
        .put("slowDisconnects", slowDisconnects.sum())
        .put("authFailures", authFailures.sum())
        .put("authBanned", authBanned.sum())
        .put("authTimeouts", authTimeouts.sum())
        .put("authExpired", authExpired.sum())
        .put("protocolErrors", protocolErrors.sum())
        .put("heartbeatCloses", heartbeatCloses.sum())
        .put("inputPauseCloses", inputPauseCloses.sum())
        .put("refused", refused.sum())
        .put("phpConnections", phpConnections.sum())
        .put("phpRefused", phpRefused.sum());
  }
}
