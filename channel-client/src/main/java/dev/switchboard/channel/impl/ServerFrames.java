package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.LastChannel;
import dev.switchboard.channel.internal.PublishFrames;
import dev.switchboard.core.internal.LogSafe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Decodes each frame a channel server sends a remote client and routes it: an event to the
 * client's events, a work queue item to its queues, an ack, status or error to the {@link PendingRequests} it answers (by id); a
 * pong, an empty frame or an unknown type is dropped.
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class ServerFrames {

  private static final Logger LOG = LoggerFactory.getLogger(ServerFrames.class);

  private final PendingRequests pending;
  private final BiConsumer<String, Object> events;
  private final Consumer<JsonObject> queueItems;
  private final LastChannel lastChannel = new LastChannel();

  /**
   * @param pending    the requests the answers complete
   * @param events     called with the channel and the data of each event
   * @param queueItems called with each work queue item ({@code queue} frame)
   */
  ServerFrames(PendingRequests pending, BiConsumer<String, Object> events,
      Consumer<JsonObject> queueItems) {
    this.pending = pending;
    this.events = events;
    this.queueItems = queueItems;
  }

  /** Handles one frame's payload. */
  void onFrame(Buffer payload) {
    if (payload.length() == 0) {
      return;
    }
    JsonObject message;
    try {
      ChannelMessage event = Frames.decodeEvent(payload, lastChannel);
      if (event != null) {
        events.accept(event.channel(), event.data());
        return;
      }
      // a publish's ack, as the server writes it, read without a parser
      Long acked = PublishFrames.decodeAck(payload);
      if (acked != null) {
        pending.answer(acked, null); // an ack says nothing but its id
        return;
      }
      message = Frames.decode(payload);
    } catch (ChannelException e) {
      LOG.warn("Channel server sent an undecodable frame: {}", LogSafe.escape(e.getMessage()));
      return;
    }
    Long id = message.getValue("id") instanceof Number n ? n.longValue() : null;
    switch (message.getString("type", "")) {
      case "event" -> events.accept(message.getString("channel"), message.getValue("data"));
      case "ack" -> {
        if (id != null) {
          pending.answer(id, null);
        }
      }
      case "status" -> {
        if (id != null) {
          pending.answer(id, message);
        }
      }
      case "error" -> {
        ChannelException cause = new ChannelException(Reason.ofCode(message.getString("code")),
            "channel server: " + message.getString("message"));
        if (id != null) {
          pending.fail(id, cause);
        } else {
          LOG.warn("Channel server error: {}", LogSafe.escape(cause.getMessage()));
        }
      }
      case "queue" -> queueItems.accept(message);
      case "pong" -> {
      }
      default -> LOG.debug("Channel server sent an unknown type; ignored");
    }
  }
}
