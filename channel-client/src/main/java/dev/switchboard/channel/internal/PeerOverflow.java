package dev.switchboard.channel.internal;

import dev.switchboard.channel.PeerOverflowPolicy;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a full peer window costs ({@link PeerFlow}): every message refused is counted, and under
 * {@link PeerOverflowPolicy#DISCONNECT_PEER} the peer is forgotten and refused on every path until
 * it is met again (the membership sync meets it).
 *
 * <p>Threading: any thread; a disconnect is carried out on the node's context.
 */
final class PeerOverflow {

  private static final Logger LOG = LoggerFactory.getLogger(PeerOverflow.class);

  private final String id;
  private final PeerOverflowPolicy policy;
  private final Consumer<String> disconnect;
  private final Predicate<PeerWindow> current;
  /** Peers disconnected by the policy and not met again: refused on every path meanwhile. */
  private final Set<String> disconnected = ConcurrentHashMap.newKeySet();
  private final LongAdder droppedMessages = new LongAdder();
  private final LongAdder droppedBytes = new LongAdder();
  private final LongAdder disconnects = new LongAdder();

  /**
   * @param id         the node's id
   * @param policy     the node's policy
   * @param disconnect forgets a peer, on the node's context
   * @param current    whether a window is still its peer's (not forgotten, nor replaced by the
   *                   windows of a new meeting), asked on the node's context
   */
  PeerOverflow(String id, PeerOverflowPolicy policy, Consumer<String> disconnect,
      Predicate<PeerWindow> current) {
    this.id = id;
    this.policy = policy;
    this.disconnect = disconnect;
    this.current = current;
  }

  /**
   * Counts a message a full window refused and applies the policy.
   *
   * @param window  the window
   * @param bytes   the message's size
   * @param context the node's context, where a disconnect is carried out
   */
  void refused(PeerWindow window, int bytes, Context context) {
    countDropped(bytes);
    if (policy == PeerOverflowPolicy.DISCONNECT_PEER && window.disconnecting()) {
      String peer = window.peer();
      context.runOnContext(v -> {
        if (current.test(window)) {
          disconnects.increment();
          disconnected.add(peer);
          LOG.warn("Channel node {}: window of node {} full ({} bytes unacknowledged); "
              + "peer disconnected, met again at a sync", id, peer, window.inFlight());
          disconnect.accept(peer);
        }
      });
    }
  }

  /**
   * Refuses and counts a message to a peer the policy disconnected.
   *
   * @param peer  the receiving node, which has no window
   * @param bytes the message's size
   * @return whether it was refused
   */
  boolean refusedDisconnected(String peer, int bytes) {
    if (!disconnected.contains(peer)) {
      return false;
    }
    countDropped(bytes);
    return true;
  }

  private void countDropped(int bytes) {
    droppedMessages.increment();
    droppedBytes.add(bytes);
  }

  /** @return whether the policy disconnected the peer and it was not met again since */
  boolean isDisconnected(String peer) {
    return disconnected.contains(peer);
  }

  /** Notes a peer met again: no longer refused. */
  void met(String peer) {
    disconnected.remove(peer);
  }

  /** @return the peers disconnected by the policy since the node started */
  long disconnects() {
    return disconnects.sum();
  }

  /** @return the messages refused by a full window (or to a disconnected peer) */
  long droppedMessages() {
    return droppedMessages.sum();
  }

  /** @return the bytes of the messages refused */
  long droppedBytes() {
    return droppedBytes.sum();
  }

  /** Puts the policy and the counters into a status object. */
  void addTo(JsonObject status) {
    status.put("peerOverflowPolicy", policy.name())
        .put("droppedMessages", droppedMessages()).put("droppedBytes", droppedBytes())
        .put("peerDisconnects", disconnects());
  }
}
