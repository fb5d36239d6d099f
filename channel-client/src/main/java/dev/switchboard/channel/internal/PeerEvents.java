package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The events a node sends to and receives from its peers, each through the peer's window
 * ({@link PeerFlow}): an event for a peer whose window is full is refused (counted; the peer may
 * be disconnected, per the node's policy), never queued. The receiver acknowledges an event once
 * it has handed it to its local subscribers.
 *
 * <p>Threading: {@link #send} from any thread; {@link #onEvent} on the node's context.
 */
final class PeerEvents {

  private final String id;
  private final EventBus eventBus;
  private final PeerFlow flow;
  private final LocalSubscribers local;
  private final NodeStatus stats;

  PeerEvents(String id, EventBus eventBus, PeerFlow flow, LocalSubscribers local,
      NodeStatus stats) {
    this.id = id;
    this.eventBus = eventBus;
    this.flow = flow;
    this.local = local;
    this.stats = stats;
  }

  /**
   * Sends one event to peers: one envelope, stamped with each peer's window (copied for every
   * peer but the last).
   *
   * @param channel   the channel
   * @param frame     the event frame
   * @param addresses the events addresses of the peers with a subscriber of the channel
   */
  void send(String channel, Buffer frame, String[] addresses) {
    Buffer envelope = EventEnvelope.encode(id, channel, frame);
    int size = envelope.length();
    int sent = 0;
    for (int i = 0; i < addresses.length; i++) {
      PeerWindow window = flow.eventWindow(addresses[i]);
      if (window == null) {
        continue; // forgotten since the addresses were read
      }
      long count = flow.reserve(window, size);
      if (count == PeerWindow.FULL) {
        continue;
      }
      Buffer own = i == addresses.length - 1 ? envelope : envelope.copy();
      eventBus.send(addresses[i], EventEnvelope.stamp(own, window.epoch(), count));
      sent++;
    }
    stats.eventsToNodes.add(sent);
  }

  /** Hands an event of a peer to the local subscribers, then notes it for acknowledgement. */
  void onEvent(Message<Buffer> msg) {
    stats.eventsFromNodes.increment();
    EventEnvelope envelope = EventEnvelope.decode(msg.body());
    LocalSubscribers.Entry entry = local.of(envelope.channel());
    if (entry == null) {
      stats.unwantedEvents.increment();
      eventBus.send(ChannelAddresses.control(envelope.sender()), new JsonObject()
          .put("op", "interest").put("node", id)
          .put("remove", new JsonArray().add(envelope.channel())));
    } else {
      ChannelNode.deliver(entry, new Delivery(envelope.channel(), envelope.frame()));
    }
    flow.received(PeerFlow.Path.EVENTS, envelope.sender(), envelope.epoch(), envelope.count());
  }
}
