package dev.switchboard.channel.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one node has sent to one peer node on one path and the peer has not acknowledged: the
 * cumulative bytes sent (each message carries the count it brings the total to) and the
 * cumulative bytes the peer says it has handled. A message is refused while the difference is
 * at or above the bound, so a stalled peer holds at most the bound plus one message per sending
 * thread. A window lives from the peer being met to its being forgotten; each has an epoch of
 * its own, so an acknowledgement of an earlier window of the same peer is never taken for this
 * one's.
 *
 * <p>Past a mark well under the bound, the window holds the acknowledgements of the publishes sent
 * through it ({@link #room()}, {@link PeerHold}): the publishers slow to the peer's pace before
 * anything is refused.
 *
 * <p>Threading: any thread; {@link #reserve(int)} is lock-free, {@link #ack(long)} synchronized
 * (acknowledgements come on the node's context, or with the answers to requests).
 */
final class PeerWindow {

  /** What {@link #reserve(int)} answers when the window is full. */
  static final long FULL = -1;

  private final String peer;
  private final int epoch;
  private final long max;
  private final AtomicLong sent = new AtomicLong();
  private volatile long acked;
  private volatile long peak;
  private final LongAdder droppedMessages = new LongAdder();
  private final LongAdder droppedBytes = new LongAdder();
  private final AtomicBoolean disconnecting = new AtomicBoolean();
  private final PeerHold hold;
  private volatile boolean readsBatches;

  /**
   * @param peer  the peer node's id
   * @param epoch this window's epoch, unique among the windows of the sending node
   * @param max   the bound of unacknowledged bytes
   */
  PeerWindow(String peer, int epoch, long max) {
    this(peer, epoch, max, null);
  }

  /**
   * @param peer  the peer node's id
   * @param epoch this window's epoch, unique among the windows of the sending node
   * @param max   the bound of unacknowledged bytes
   * @param vertx the node's Vert.x, for the time bound of held acknowledgements ({@link
   *              PeerHold}); null for none
   */
  PeerWindow(String peer, int epoch, long max, Vertx vertx) {
    this.peer = peer;
    this.epoch = epoch;
    this.max = max;
    this.hold = new PeerHold(vertx, max);
  }

  String peer() {
    return peer;
  }

  int epoch() {
    return epoch;
  }

  /** @return whether the peer said in its hello that it reads batches ({@link PeerBatches}) */
  boolean readsBatches() {
    return readsBatches;
  }

  /** @param readsBatches what the peer's hello, or its answer to this node's, said */
  void readsBatches(boolean readsBatches) {
    this.readsBatches = readsBatches;
  }

  /**
   * Takes room for one message, or counts it as dropped when the window is full.
   *
   * @param bytes the message's size
   * @return the cumulative count of bytes sent that this message brings the window to (the
   *     message carries it), or {@link #FULL}
   */
  long reserve(int bytes) {
    while (true) {
      long before = sent.get();
      long inFlight = before - acked;
      if (inFlight >= max) {
        droppedMessages.increment();
        droppedBytes.add(bytes);
        return FULL;
      }
      long after = before + bytes;
      if (sent.compareAndSet(before, after)) {
        if (inFlight + bytes > peak) {
          peak = Math.max(peak, inFlight + bytes); // racy max: a report, not the bound
        }
        return after;
      }
    }
  }

  /**
   * Takes an acknowledgement of the peer.
   *
   * @param count the cumulative bytes the peer has handled
   * @return null when taken, else why it was ignored
   */
  String ack(long count) {
    String ignored = take(count);
    if (ignored == null) {
      hold.acked(inFlight()); // outside the lock: it completes the held acknowledgements
    }
    return ignored;
  }

  private synchronized String take(long count) {
    if (count < 0) {
      return "negative count";
    }
    long sentNow = sent.get();
    if (count > sentNow) {
      return "count beyond the " + sentNow + " bytes sent";
    }
    if (count < acked) {
      return "count below the " + acked + " bytes acknowledged already";
    }
    acked = count;
    return null;
  }

  /**
   * @return a future completed once the window is back under its hold mark ({@link PeerHold}):
   *     what the acknowledgement of a publish sent through it waits for; already completed in the
   *     common case
   */
  Future<Void> room() {
    return hold.room(this);
  }

  /** The window is forgotten: nothing is held for it any more. */
  void close() {
    hold.close();
  }

  /**
   * @return true the first time only: the one refusal that disconnects the peer
   *     ({@code DISCONNECT_PEER}) while a flood of others is refused too
   */
  boolean disconnecting() {
    return disconnecting.compareAndSet(false, true);
  }

  long inFlight() {
    return sent.get() - acked;
  }

  /** @return the most bytes in flight seen (racy: a report, not the bound) */
  long peakInFlight() {
    return peak;
  }

  /** @return the cumulative bytes sent */
  long sent() {
    return sent.get();
  }

  /** @return the cumulative bytes the peer acknowledged */
  long acked() {
    return acked;
  }

  long droppedMessages() {
    return droppedMessages.sum();
  }

  long droppedBytes() {
    return droppedBytes.sum();
  }

  /**
   * @return the window's epoch and counters: bytes in flight, the peak in flight, bytes sent and
   *     acknowledged, messages and bytes dropped
   */
  JsonObject toJson() {
    return new JsonObject().put("epoch", epoch).put("inFlight", inFlight())
        .put("peakInFlight", peak)
        .put("sent", sent.get()).put("acked", acked)
        .put("holdMark", hold.mark()).put("heldAcks", hold.held())
        .put("holdsOverdue", hold.overdueTimes())
        .put("droppedMessages", droppedMessages()).put("droppedBytes", droppedBytes());
  }
}
