package dev.switchboard.gateway.impl.business;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.internal.PeerFlow;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.function.Supplier;

/**
 * The bounds of one gateway verticle's business events on their way to business nodes. An event
 * for the node a client is pinned to goes through that node's business window
 * ({@link PeerFlow.Path#BUSINESS}, bounded by the channel node's {@code maxPeerBufferSize} and
 * acknowledged by the business node once it has taken the event off the event bus). An event for
 * the shared address (a client's first, or one whose node is not known) has no node to be
 * counted against: it is counted in this verticle's shared bucket, bounded the same, and given
 * back by its answer or its timeout (each client has at most one event on its way, so the
 * bucket never holds more than the bound plus one event per client sent at once).
 *
 * <p>Threading: on the gateway verticle's context.
 */
final class BusinessWindows {

  /** Where an event's bytes were counted. */
  enum Taken {
    /** Nowhere: the event was refused. */
    REFUSED,
    /** In the business node's window, given back by its acknowledgement. */
    PEER,
    /** In the shared bucket, given back by the answer or the timeout. */
    SHARED
  }

  private final Supplier<PeerFlow> flow;
  private long sharedInFlight;
  private long refused;

  /**
   * @param flow the node's peer windows (their bound is the shared bucket's too), or null while
   *             the node's routing is not up
   */
  BusinessWindows(Supplier<PeerFlow> flow) {
    this.flow = flow;
  }

  /**
   * Takes room for an event.
   *
   * @param node     the business node's id in the channel space, or null for the shared address
   * @param bytes    the event's size
   * @param delivery its delivery options, given the window's header
   * @return where it was counted, or {@link Taken#REFUSED} (counted)
   */
  Taken take(String node, int bytes, DeliveryOptions delivery) {
    PeerFlow windows = flow.get();
    if (node != null && windows != null) {
      if (windows.stamp(PeerFlow.Path.BUSINESS, node, bytes, delivery)) {
        return Taken.PEER;
      }
      refused++;
      return Taken.REFUSED;
    }
    long max = windows != null ? windows.maxPeerBufferSize()
        : ChannelNodeOptions.DEFAULT_MAX_PEER_BUFFER_SIZE;
    if (sharedInFlight >= max) {
      refused++;
      return Taken.REFUSED;
    }
    sharedInFlight += bytes;
    return Taken.SHARED;
  }

  /**
   * An event's answer (or its failure or timeout) came: what it took of the shared bucket is
   * given back; a node's window is given back by that node's acknowledgements only.
   *
   * @param taken where it was counted
   * @param bytes its size
   */
  void answered(Taken taken, int bytes) {
    if (taken == Taken.SHARED) {
      sharedInFlight -= bytes;
    }
  }

  long sharedInFlight() {
    return sharedInFlight;
  }

  long refused() {
    return refused;
  }
}
