package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.RateLimitedLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The work queue requests of the JSON protocol (docs/protocol.md, "Work queues"): {@code
 * enqueue}, {@code watch}, {@code unwatch}, {@code reserve}, {@code ack} and {@code nack}, each
 * naming one {@code queue}, answered with an {@code ack} or an {@code error} once done. Queue
 * names are bound by the same access rules as channel names: enqueueing needs what publishing
 * needs, watching what subscribing needs.
 *
 * <p>Threading: on the connection's context.
 */
final class QueueRequests {

  private static final Logger LOG = LoggerFactory.getLogger(QueueRequests.class);

  /** Writes an error answer. */
  interface Errors {
    /**
     * @param requestId the request's id, or null
     * @param reason    the code
     * @param message   the message
     */
    void error(Long requestId, Reason reason, String message);
  }

  private final long connection;
  private final Context context;
  private final Requests requests;
  private final ConnectionQueues queues;
  private final InputGate input;
  private final RateLimitedLog clientLog;
  private final Consumer<Long> acks;
  private final Errors errors;

  QueueRequests(long connection, Context context, Requests requests, ConnectionQueues queues,
      InputGate input, RateLimitedLog clientLog, Consumer<Long> acks, Errors errors) {
    this.connection = connection;
    this.context = context;
    this.requests = requests;
    this.queues = queues;
    this.input = input;
    this.clientLog = clientLog;
    this.acks = acks;
    this.errors = errors;
  }

  /**
   * Handles one request.
   *
   * @throws ChannelException when the request is refused at once (nothing changed)
   */
  void handle(Long requestId, String type, JsonObject request, boolean gateway,
      ChannelGrant grant) {
    Set<String> queue = Set.of(requests.queue(request));
    Future<Void> done = switch (type) {
      case "enqueue" -> queues.enqueue(ChannelAccess.publishable(gateway, grant, queue),
          Frames.encodeData(Requests.data(request)));
      case "watch" -> queues.watch(ChannelAccess.subscribable(gateway, grant, queue));
      case "unwatch" -> queues.unwatch(queue);
      case "reserve" -> {
        queues.reserve(queue.iterator().next());
        yield Future.succeededFuture();
      }
      case "ack", "nack" -> queues.settle(queue.iterator().next(), Requests.item(request),
          type.equals("ack"));
      default -> throw new ChannelException(Reason.UNKNOWN_TYPE, "unknown type '" + type + "'");
    };
    if (done.isComplete()) {
      answer(requestId, type, done.cause());
      return;
    }
    // answers wait for the store: counted, so that a client that never reads them stops being read
    input.answering();
    done.onComplete(ar -> context.runOnContext(v -> {
      answer(requestId, type, ar.cause());
      input.answered();
    }));
  }

  private void answer(Long requestId, String type, Throwable failure) {
    if (failure == null) {
      if (requestId != null) {
        acks.accept(requestId);
      }
    } else if (failure instanceof ChannelException refused) {
      clientLog.warn("Channel connection={} {} refused: {}", connection, type,
          refused.getMessage());
      errors.error(requestId, refused.reason(), refused.detail());
    } else {
      LOG.error("Channel connection={}: {} failed in the queue store", connection, type, failure);
      errors.error(requestId, Reason.INTERNAL, type + " failed in the queue store; it may or may "
          + "not have taken effect");
    }
  }
}
