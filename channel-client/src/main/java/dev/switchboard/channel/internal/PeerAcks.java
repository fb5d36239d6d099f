package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving side of one path's windows ({@link PeerFlow.Path}): per sending node, the highest
 * cumulative count of the messages handled, acknowledged on the sender's control address
 * ({@code {"op":"ack","node":<this node>,"path":<path>,"epoch":e,"bytes":n}}) once a quarter of
 * this node's own window bound is unacknowledged, or {@link #ACK_DELAY} ms after the first
 * unacknowledged message otherwise. The membership ping's answer carries the latest count too
 * ({@link #latest(String)}), so a lost acknowledgement cannot keep a window shut.
 *
 * <p>Threading: {@link #received(String, int, long)} from any thread (one compare-and-set per
 * message in the common case); the rest on the node's context.
 */
final class PeerAcks {

  /** Longest time a handled message waits for its acknowledgement, in milliseconds. */
  static final long ACK_DELAY = 20;

  private final Vertx vertx;
  private volatile Context context;
  private final String id;
  private final String path;
  private final long threshold;
  private final ConcurrentHashMap<String, Received> bySender = new ConcurrentHashMap<>();
  private volatile boolean dropAcks;

  /**
   * @param vertx     the node's Vert.x
   * @param id        the node's id
   * @param path      the path's name in acknowledgements
   * @param threshold unacknowledged bytes that make the acknowledgement go at once
   */
  PeerAcks(Vertx vertx, String id, String path, long threshold) {
    this.vertx = vertx;
    this.id = id;
    this.path = path;
    this.threshold = Math.max(1, threshold);
  }

  /** Sets the node's context, where acknowledgements are sent from, before any message. */
  void bind(Context context) {
    this.context = context;
  }

  /** What this node has handled of one sender's current window. */
  private static final class Received {
    final int epoch;
    final AtomicLong handled = new AtomicLong();
    final AtomicBoolean timer = new AtomicBoolean();
    final AtomicBoolean urgent = new AtomicBoolean();
    volatile long acked;

    Received(int epoch) {
      this.epoch = epoch;
    }
  }

  /**
   * Notes a message of a sender as handled.
   *
   * @param sender the sending node
   * @param epoch  the epoch of the sender's window the message came through
   * @param count  the cumulative count the message carried
   * @return the highest count handled of that window now (what an answer may acknowledge)
   */
  long received(String sender, int epoch, long count) {
    Received state = bySender.get(sender);
    if (state == null || state.epoch != epoch) {
      // a new window of the sender: its messages come after the old one's (one connection)
      state = bySender.compute(sender,
          (s, old) -> old != null && old.epoch == epoch ? old : new Received(epoch));
    }
    AtomicLong handled = state.handled;
    long before = handled.get();
    while (count > before && !handled.compareAndSet(before, count)) {
      before = handled.get();
    }
    long now = Math.max(before, count);
    Received r = state;
    if (count - r.acked >= threshold) {
      if (r.urgent.compareAndSet(false, true)) {
        context.runOnContext(v -> flush(sender, r));
      }
    } else if (r.timer.compareAndSet(false, true)) {
      context.runOnContext(v -> vertx.setTimer(ACK_DELAY, t -> flush(sender, r)));
    }
    return now;
  }

  private void flush(String sender, Received state) {
    state.timer.set(false);
    state.urgent.set(false);
    long handled = state.handled.get();
    if (handled <= state.acked || bySender.get(sender) != state) {
      return;
    }
    state.acked = handled;
    if (!dropAcks) {
      vertx.eventBus().send(ChannelAddresses.control(sender), new JsonObject().put("op", "ack")
          .put("node", id).put("path", path).put("epoch", state.epoch).put("bytes", handled));
    }
  }

  /**
   * @param sender a sending node
   * @return {@code {"epoch":e,"bytes":n}} of what this node has handled of its current window, or
   *     null when nothing
   */
  JsonObject latest(String sender) {
    Received state = bySender.get(sender);
    return state == null ? null
        : new JsonObject().put("epoch", state.epoch).put("bytes", state.handled.get());
  }

  /** Forgets a sender (it left or was forgotten). */
  void forget(String sender) {
    bySender.remove(sender);
  }

  /** Test hook: acknowledgement messages are not sent (the ping's answer still carries them). */
  void dropAcks(boolean drop) {
    this.dropAcks = drop;
  }

  /** @return whether acknowledgements are dropped (test hook) */
  boolean dropsAcks() {
    return dropAcks;
  }
}
