package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a node sends to and receives from its peers, each through the peer's window
 * ({@link PeerFlow}): an event for a peer whose window is full is refused (counted; the peer may
 * be disconnected, per the node's policy), never queued. The receiver acknowledges an event once
 * it has handed it to its local subscribers. An event of a {@code publishLoop} carries the header
 * {@value #LOOP}: the receiver hands it to one of its subscribers in turn, not to all of them (a
 * node that does not know the header hands it to all). Events sent from an event loop to a peer
 * that reads batches travel in one message per turn ({@link PeerBatches}).
 *
 * <p>Threading: {@link #send} from any thread; {@link #onEvent} on the node's context.
 */
final class PeerEvents {

  private static final Logger LOG = LoggerFactory.getLogger(PeerEvents.class);

  /** The header of an event for one subscriber of the receiving node ({@code publishLoop}). */
  static final String LOOP = "loop";

  static final Future<Void> NOW = Future.succeededFuture();

  private final String id;
  private final EventBus eventBus;
  private final PeerFlow flow;
  private final LocalSubscribers local;
  private final NodeStatus stats;
  private final LoopCursors subscriberTurns;
  private final PeerBatches batches;
  /** The deliveries of the message being handled to other contexts' subscribers, or null. */
  private ContextGroups elsewhere;

  PeerEvents(String id, EventBus eventBus, PeerFlow flow, LocalSubscribers local,
      NodeStatus stats, LoopCursors subscriberTurns) {
    this.subscriberTurns = subscriberTurns;
    this.id = id;
    this.eventBus = eventBus;
    this.flow = flow;
    this.local = local;
    this.stats = stats;
    this.batches = new PeerBatches(eventBus);
  }

  /**
   * Sends one event to peers: one envelope, stamped with each peer's window (copied for every
   * peer but the last).
   *
   * @param channel   the channel
   * @param frame     the event frame
   * @param addresses the events addresses of the peers with a subscriber of the channel
   * @return completed once every window the event went through is under its hold mark
   *     ({@link PeerWindow#room()}): what the publish's acknowledgement waits for
   */
  Future<Void> send(String channel, Buffer frame, String[] addresses) {
    Buffer envelope = EventEnvelope.encode(id, channel, frame);
    int size = envelope.length();
    int sent = 0;
    Future<Void> room = NOW;
    for (int i = 0; i < addresses.length; i++) {
      PeerWindow window = flow.eventWindow(addresses[i]);
      if (window == null) {
        continue; // forgotten since the addresses were read
      }
      long count = flow.reserve(window, size);
      if (count == PeerWindow.FULL) {
        continue;
      }
      EventEnvelope.stamp(envelope, window.epoch(), count);
      if (!batches.batch(addresses[i], envelope, false, window.readsBatches())) {
        batches.sendAlone(addresses[i], i == addresses.length - 1 ? envelope : envelope.copy(),
            false);
      }
      sent++;
      room = both(room, window.room());
    }
    stats.eventsToNodes.add(sent);
    return room;
  }

  /** @return completed when both are (no allocation when either is already) */
  static Future<Void> both(Future<Void> a, Future<Void> b) {
    if (a.isComplete()) {
      return b;
    }
    return b.isComplete() ? a : Future.join(a, b).mapEmpty();
  }

  /**
   * Sends one event of a {@code publishLoop} to a peer, for one of its subscribers.
   *
   * @param channel the channel
   * @param frame   the event frame
   * @param address the events address of the peer
   * @return as {@link #send(String, Buffer, String[])}
   */
  Future<Void> sendLoop(String channel, Buffer frame, String address) {
    Buffer envelope = EventEnvelope.encode(id, channel, frame);
    PeerWindow window = flow.eventWindow(address);
    if (window == null) {
      return NOW; // forgotten since the address was read
    }
    long count = flow.reserve(window, envelope.length());
    if (count == PeerWindow.FULL) {
      return NOW;
    }
    EventEnvelope.stamp(envelope, window.epoch(), count);
    if (!batches.batch(address, envelope, true, window.readsBatches())) {
      batches.sendAlone(address, envelope, true);
    }
    stats.eventsToNodes.increment();
    return window.room();
  }

  /**
   * Hands the events of a peer's message (one event, or a batch of them, {@link PeerBatches}) to
   * the local subscribers, noting each for acknowledgement: those of other contexts get all of
   * the message's events in one task per context ({@link ContextGroups}).
   */
  void onEvent(Message<Buffer> msg) {
    try {
      if (msg.headers().contains(PeerBatches.HEADER)) {
        PeerBatches.forEach(msg.body(), this::onEvent);
      } else {
        onEvent(msg.body(), msg.headers().contains(LOOP));
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      LOG.warn("Channel node {}: dropped a malformed events message ({} bytes): {}", id,
          msg.body().length(), e.getMessage());
    } finally {
      postElsewhere();
    }
  }

  /** Posts the deliveries gathered for other contexts (one task per context for them all). */
  private void postElsewhere() {
    if (elsewhere != null) {
      elsewhere.post();
      elsewhere = null;
    }
  }

  private void onEvent(Buffer bytes, boolean loop) {
    stats.eventsFromNodes.increment();
    EventEnvelope envelope = EventEnvelope.decode(bytes);
    LocalSubscribers.Entry entry = local.of(envelope.channel());
    if (entry == null) {
      stats.unwantedEvents.increment();
      eventBus.send(ChannelAddresses.control(envelope.sender()), new JsonObject()
          .put("op", "interest").put("node", id)
          .put("remove", new JsonArray().add(envelope.channel())));
    } else if (loop) {
      postElsewhere(); // the subscriber hands this one over itself: after the events before it
      subscriberTurns.deliverOne(entry, new Delivery(envelope.channel(), envelope.frame()));
    } else {
      elsewhere = ContextGroups.add(elsewhere, entry.subscribers(),
          new Delivery(envelope.channel(), envelope.frame()));
    }
    flow.received(PeerFlow.Path.EVENTS, envelope.sender(), envelope.epoch(), envelope.count());
  }
}
