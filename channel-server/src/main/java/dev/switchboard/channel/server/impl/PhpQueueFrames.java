package dev.switchboard.channel.server.impl;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Where a PHP connection hands the frames of Workerman Channel's queue ({@code watch},
 * {@code unwatch}, {@code enqueue}, {@code reserve}): the cluster-wide work queue plugs in here
 * ({@link ChannelServerImpl#phpQueues(PhpQueueFrames)}). Until one does, {@link #NOT_AVAILABLE}
 * answers nothing (a PHP client expects no answer) and logs once per connection at WARN.
 *
 * <p>Threading: called on the connection's context.
 */
interface PhpQueueFrames {

  /** The types of the frames handed over. */
  Set<String> TYPES = Set.of("watch", "unwatch", "enqueue", "reserve");

  /** No queue service: each PHP connection that sends a queue frame is told so once, in the log. */
  PhpQueueFrames NOT_AVAILABLE = (session, type, request) -> session.warnOnce(
      "Channel connection={} from {} sent '{}': queues are not available on this server; "
      + "its queue frames are ignored", type);

  /**
   * Handles one queue frame of a PHP connection. Queue deliveries go back with
   * {@link PhpSession#send(JsonObject)} ({@code {type: "queue", channel, data}}).
   *
   * @param session the PHP connection
   * @param type    one of {@link #TYPES}
   * @param request the whole request, as the connection sent it
   */
  void handle(PhpSession session, String type, JsonObject request);

  /**
   * The PHP connection closed: what it watched and reserved is given up.
   *
   * @param session the PHP connection
   */
  default void closed(PhpSession session) {
  }
}
