package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.Frames;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The answers to one connection's {@code status} requests: this node's counters, or every node's
 * ({@code cluster}), gathered one request at a time per connection (each node answers within 3 s
 * or is named).
 *
 * <p>Threading: on the connection's context.
 */
final class StatusAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(StatusAnswers.class);

  private final long id;
  private final ChannelServerImpl server;
  private final InputGate input;
  private final Context context;
  private final Consumer<Buffer> send;
  /** A cluster status is being gathered for this connection. */
  private boolean gathering;

  /**
   * @param id      the connection's id, for the log
   * @param server  its server
   * @param input   its input gate (a cluster status is an answer being worked out)
   * @param context its context
   * @param send    writes a frame to it
   */
  StatusAnswers(long id, ChannelServerImpl server, InputGate input, Context context,
      Consumer<Buffer> send) {
    this.id = id;
    this.server = server;
    this.input = input;
    this.context = context;
    this.send = send;
  }

  /**
   * @param requestId the request's id, or null
   * @param cluster   whether every node's counters are asked for
   * @throws ChannelException {@code BAD_REQUEST} when a cluster status is being gathered already
   */
  void answer(Long requestId, boolean cluster) {
    if (!cluster) {
      send.accept(Frames.frame(new JsonObject().put("type", "status").put("id", requestId)
          .put("status", server.status())));
      return;
    }
    if (gathering) {
      throw new ChannelException(Reason.BAD_REQUEST,
          "a cluster status is being gathered for this connection: one at a time");
    }
    gathering = true;
    input.answering();
    server.clusterStatus().onComplete(ar -> context.runOnContext(v -> {
      gathering = false;
      if (ar.succeeded()) {
        send.accept(Frames.frame(new JsonObject().put("type", "status").put("id", requestId)
            .put("status", ar.result())));
      } else {
        LOG.error("Channel connection={}: cluster status failed", id, ar.cause());
        send.accept(Frames.error(requestId, Reason.INTERNAL, "cluster status failed"));
      }
      input.answered();
    }));
  }
}
