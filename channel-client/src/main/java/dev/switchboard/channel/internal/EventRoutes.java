package dev.switchboard.channel.internal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Collection;

/**
 * Where a node sends the events published on it: to its local subscribers and once to each peer
 * with a subscriber of the channel ({@code publish}), or to one subscriber of the channel in turn
 * ({@code publishLoop}).
 *
 * <p>Threading: any thread; events published from one thread reach each subscriber in publish
 * order.
 */
final class EventRoutes {

  private final LocalSubscribers local;
  private final PeerTable peers;
  private final PeerEvents peerEvents;
  private final LoopCursors nodeTurns;
  private final LoopCursors subscriberTurns;

  /**
   * @param nodeTurns       the turns among the nodes of each channel
   * @param subscriberTurns the turns among this node's subscribers of each channel (shared with
   *                        the events of other nodes' {@code publishLoop}s)
   */
  EventRoutes(LocalSubscribers local, PeerTable peers, PeerEvents peerEvents,
      LoopCursors nodeTurns, LoopCursors subscriberTurns) {
    this.local = local;
    this.peers = peers;
    this.peerEvents = peerEvents;
    this.nodeTurns = nodeTurns;
    this.subscriberTurns = subscriberTurns;
  }

  /** See {@link ChannelNode#publish(Collection, Buffer)}. */
  Future<Void> publish(Collection<String> channels, Buffer dataJson) {
    Future<Void> room = PeerEvents.NOW;
    for (String channel : channels) {
      LocalSubscribers.Entry entry = local.of(channel);
      String[] addresses = peers.eventAddressesFor(channel);
      if (entry == null && addresses.length == 0) {
        continue;
      }
      Buffer frame = Frames.event(channel, dataJson);
      if (entry != null) {
        ChannelNode.deliver(entry, new Delivery(channel, frame));
      }
      if (addresses.length > 0) {
        room = PeerEvents.both(room, peerEvents.send(channel, frame, addresses));
      }
    }
    return room;
  }

  /**
   * Round robin per channel: this node picks in turn among the nodes with a subscriber of the
   * channel (itself included), and the node picked hands the event to its own subscribers in
   * turn. So each node gets an equal share of one publisher's events of a channel, shared equally
   * by its subscribers: a subscriber alone on its node gets more than one of ten on another node.
   * An event whose node lost its subscribers meanwhile, or whose peer window is full, is lost, as
   * a {@code publish} would be.
   *
   * @return as {@link #publish(Collection, String)}
   */
  Future<Void> publishLoop(Collection<String> channels, Buffer dataJson) {
    Future<Void> room = PeerEvents.NOW;
    for (String channel : channels) {
      LocalSubscribers.Entry entry = local.of(channel);
      String[] addresses = peers.eventAddressesFor(channel);
      int choices = addresses.length + (entry == null ? 0 : 1);
      if (choices == 0) {
        continue;
      }
      int pick = nodeTurns.next(channel, choices);
      Buffer frame = Frames.event(channel, dataJson);
      if (pick == addresses.length) {
        subscriberTurns.deliverOne(entry, new Delivery(channel, frame));
      } else {
        room = PeerEvents.both(room, peerEvents.sendLoop(channel, frame, addresses[pick]));
      }
    }
    return room;
  }
}
