package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.NodeQueues;
import dev.switchboard.core.internal.RateLimitedLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workerman Channel's queue frames from PHP connections, on the cluster's work queues: {@code
 * watch} and {@code unwatch} (queue names in {@code channels}), {@code enqueue} ({@code channels},
 * {@code data}: the same item in each queue) and {@code reserve}, which acknowledges the item the
 * connection last got from each watched queue (a PHP worker reserves once done with its item) and
 * gives each a credit. Items go out as {@code serialize(['type' => 'queue', 'channel' => …,
 * 'data' => …])}. As with Workerman's server nothing is answered (the PHP client reads no
 * answers): a refused request (a full queue, an oversize item, too many watches, a reserved
 * {@code $} name: a PHP connection has no credential) is logged, rate-limited, and counted in the
 * queue counters or {@code protocolErrors}; nothing else is disturbed.
 *
 * <p>Threading: {@link #handle} and {@link #closed} on the PHP connection's context.
 */
final class PhpQueues implements PhpQueueFrames {

  private final NodeQueues queues;
  private final int maxWatches;
  private final RateLimitedLog clientLog;
  private final Map<PhpSession, ConnectionQueues> sessions = new ConcurrentHashMap<>();

  /**
   * @param queues     the node's work queues
   * @param maxWatches the most queues one connection watches
   * @param clientLog  the server's log of per-client problems
   */
  PhpQueues(NodeQueues queues, int maxWatches, RateLimitedLog clientLog) {
    this.queues = queues;
    this.maxWatches = maxWatches;
    this.clientLog = clientLog;
  }

  @Override
  public void handle(PhpSession session, String type, JsonObject request) {
    ConnectionQueues connection = sessions.computeIfAbsent(session, s -> new ConnectionQueues(
        Vertx.currentContext(), () -> queues, () -> null, maxWatches, item -> s.send(new JsonObject()
            .put("type", "queue").put("channel", item.queue())
            .put("data", Frames.decodeData(item.dataJson())))));
    switch (type) {
      case "watch" -> refused(session, type, connection.watch(
          ChannelAccess.subscribable(false, null, session.channels(request))));
      case "unwatch" -> connection.unwatch(session.channels(request));
      case "enqueue" -> refused(session, type, connection.enqueue(
          ChannelAccess.publishable(false, null, session.channels(request)),
          PhpSession.data(request)));
      case "reserve" -> connection.reserveAll();
      default -> throw new IllegalArgumentException("not a queue frame: " + type);
    }
  }

  private void refused(PhpSession session, String type, Future<Void> done) {
    done.onFailure(e -> clientLog.warn("Channel connection={} from {}: PHP {} refused: {}",
        session.id(), session.remoteHost(), type, e.getMessage()));
  }

  @Override
  public void closed(PhpSession session) {
    ConnectionQueues connection = sessions.remove(session);
    if (connection != null) {
      connection.close();
    }
  }
}
