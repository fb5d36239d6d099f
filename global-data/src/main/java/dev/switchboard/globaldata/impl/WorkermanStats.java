package dev.switchboard.globaldata.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The counters of one Workerman listener, for the status reply and the meters
 * (docs/global-data.md, "Workerman's GlobalData protocol"): connections open and accepted,
 * connections refused by reason ({@code address}: not in {@code phpClientsFrom}; {@code
 * maxConnections}; {@code descriptors}), requests refused by reason (the {@code bad request} /
 * {@code bad cmd} answers, oversize and broken frames), connections closed for a failure the PHP
 * client can only see as a closed connection, and for silence. The commands themselves are
 * counted by {@link GlobalDataMeters#workerman}. Labels are bounded: never a key or an address.
 *
 * <p>Threading: any thread.
 */
final class WorkermanStats {

  private final MeterRegistry registry;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder idleCloses = new LongAdder();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> badRequests = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Gauge connections;

  /**
   * @param registry the node's registry (no-ops when metrics are off)
   * @param open     the connections open now
   */
  WorkermanStats(MeterRegistry registry, IntSupplier open) {
    this.registry = registry;
    connections = Gauge.builder("switchboard.globaldata.workerman.connections", open, o -> o.getAsInt())
        .description("Connections open on the GlobalData Workerman listener")
        .strongReference(true).register(registry);
  }

  void accepted() {
    accepted.increment();
  }

  /** @param reason address, maxConnections or descriptors */
  void refused(String reason) {
    count(refused, "refused", "Connections refused by the GlobalData Workerman listener",
        reason);
  }

  /** @param reason the request's fault (a bounded word) */
  void badRequest(String reason) {
    count(badRequests, "bad.requests", "Requests the GlobalData Workerman listener refused "
        + "and closed the connection for", reason);
  }

  void failure() {
    failures.increment();
    counter("failures", "Connections closed without an answer for a failure (the cluster's, "
        + "or a value GlobalData cannot store)", null).increment();
  }

  void idleClose() {
    idleCloses.increment();
  }

  private void count(Map<String, LongAdder> byReason, String meter, String description,
      String reason) {
    byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    counter(meter, description, reason).increment();
  }

  private Counter counter(String meter, String description, String reason) {
    return counters.computeIfAbsent(meter + "/" + reason, k -> {
      Counter.Builder builder = Counter.builder("switchboard.globaldata.workerman." + meter)
          .description(description);
      return (reason == null ? builder : builder.tag("reason", reason)).register(registry);
    });
  }

  /** Removes the connections gauge (a listener started again registers its own). */
  void close() {
    registry.remove(connections);
  }

  /**
   * @param open the connections open now
   * @return the counters as JSON
   */
  JsonObject toJson(int open) {
    return new JsonObject().put("connections", open).put("accepted", accepted.sum())
        .put("refused", sums(refused)).put("badRequests", sums(badRequests))
        .put("failures", failures.sum()).put("idleCloses", idleCloses.sum());
  }

  private static JsonObject sums(Map<String, LongAdder> byReason) {
    JsonObject json = new JsonObject();
    byReason.forEach((reason, count) -> json.put(reason, count.sum()));
    return json;
  }
}
