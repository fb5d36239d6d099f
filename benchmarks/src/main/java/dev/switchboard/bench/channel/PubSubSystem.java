package dev.switchboard.bench.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * A publish/subscribe server set-up under measurement: our channel server(s) or redis-server. It
 * is started once, used by many cells, and hands out {@link PubSubConnection}s.
 *
 * <p>Threading: {@link #connect} may be called from any thread; the rest from the main thread.
 */
interface PubSubSystem extends AutoCloseable {

  /**
   * @return a short name for tables: "ours, 1 server", "Redis"...
   */
  String label();

  /**
   * @return a one-word key for the raw results
   */
  String key();

  /**
   * @return who runs where, for the report
   */
  String description();

  /**
   * Opens one connection on the given context.
   *
   * @param context    the event-loop context the connection will run on
   * @param subscriber the subscriber's index (decides its server where there are several), or
   *                   -1 for the publisher
   * @return a future completed, on {@code context}, with the open connection
   */
  Future<PubSubConnection> connect(Context context, int subscriber);

  /**
   * @return the process ids of the server processes, for CPU accounting
   */
  List<Long> serverPids();

  /**
   * Reads the servers' own counters (blocking, bounded): what they wrote out and dropped.
   *
   * @return the counters summed over the servers, or empty when the system has none
   */
  Optional<ServerCounters> counters();

  /**
   * Counters summed over the servers of a system.
   *
   * @param eventsOut events written to subscriber connections
   * @param drops     events dropped because a subscriber's send buffer was full, plus messages
   *                  (one per event and peer node) refused by a peer's full federation window
   */
  record ServerCounters(long eventsOut, long drops) {

    /**
     * Reads a channel server's status reply ({@code ChannelClient.status()}): its
     * {@code servers} object, each listener's {@code eventsOut} and {@code drops}, summed, and
     * its node's {@code federation.droppedMessages} (a federated run under overload loses events
     * there by design, docs/channel.md "Bounded federation").
     *
     * @param status the status JSON
     * @return the counters of every listener of that server, summed (0 for missing fields)
     */
    static ServerCounters ofStatus(JsonObject status) {
      long eventsOut = 0;
      long drops = status.getJsonObject("federation", new JsonObject())
          .getLong("droppedMessages", 0L);
      JsonObject servers = status.getJsonObject("servers", new JsonObject());
      for (String name : servers.fieldNames()) {
        JsonObject server = servers.getJsonObject(name);
        eventsOut += server.getLong("eventsOut", 0L);
        drops += server.getLong("drops", 0L);
      }
      return new ServerCounters(eventsOut, drops);
    }

    /**
     * @param other the counters of another server
     * @return both summed
     */
    ServerCounters plus(ServerCounters other) {
      return new ServerCounters(eventsOut + other.eventsOut, drops + other.drops);
    }

    /**
     * @param earlier counters read before
     * @return what happened in between
     */
    ServerCounters since(ServerCounters earlier) {
      return new ServerCounters(eventsOut - earlier.eventsOut, drops - earlier.drops);
    }
  }

  /** Stops the servers; never throws. */
  @Override
  void close();
}
