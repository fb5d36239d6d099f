package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.PeerOverflowPolicy;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The bounded flows between one node and each of its peers: per peer and per {@link Path}, a
 * {@link PeerWindow} of the bytes sent and not yet acknowledged, bounded by
 * {@link ChannelNodeOptions#getMaxPeerBufferSize()}, and on the receiving side the
 * acknowledgements of what this node has handled ({@link PeerAcks}). A message the window
 * refuses is counted and, under {@link PeerOverflowPolicy#DISCONNECT_PEER}, the peer is
 * forgotten (the membership sync meets it again; {@link PeerOverflow}). Windows live from the
 * peer being met to its being forgotten.
 *
 * <p>Threading: {@link #eventWindow(String)}, {@link #reserve(PeerWindow, int)},
 * {@link #stamp(Path, String, int, DeliveryOptions)}, {@link #received(Path, MultiMap)} and the
 * status from any thread; the rest on the node's context.
 */
public final class PeerFlow {

  private static final Logger LOG = LoggerFactory.getLogger(PeerFlow.class);

  /**
   * The delivery header of a request sent through a window: {@code <sender>:<epoch>:<count>}
   * (the receiver acknowledges the count once it has handled the request).
   */
  public static final String WINDOW_HEADER = "sb-window";

  /**
   * The delivery header of an answer to a request sent through a window: {@code <epoch>:<count>},
   * the highest count of that window the answering node has handled.
   */
  public static final String ACK_HEADER = "sb-window-ack";

  /** The paths between two nodes, each with its own windows. */
  public enum Path {
    /** Channel events ({@link ChannelNode#publish}). */
    EVENTS,
    /** Gateway routing requests between gateway nodes. */
    ROUTING,
    /** Client events forwarded by a gateway to business nodes. */
    BUSINESS;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** @return the path's name in acknowledgements and the status */
    public String key() {
      return key;
    }
  }

  /**
   * Unacknowledged bytes of an event window past which the receiver acknowledges at once, unless
   * a quarter of its bound is lower: often enough that a sender's hold mark ({@link PeerHold})
   * is never waited on for want of an acknowledgement.
   */
  static final long EVENT_ACK_BYTES = 32 * 1024;

  private final Vertx vertx;
  private final String id;
  private final long max;
  private final PeerOverflow overflow;
  private volatile Context context;
  private final AtomicInteger epochs = new AtomicInteger();
  private final Map<Path, ConcurrentHashMap<String, PeerWindow>> windows =
      new EnumMap<>(Path.class);
  /** The event windows again, by the peer's events address (the publish path has addresses). */
  private final ConcurrentHashMap<String, PeerWindow> eventWindows = new ConcurrentHashMap<>();
  private final Map<Path, PeerAcks> acks = new EnumMap<>(Path.class);
  private final AckIntake intake;
  private final ChannelNodeMeters meters;

  /**
   * @param vertx      the node's Vert.x
   * @param id         the node's id
   * @param options    the node's options (window bound and policy)
   * @param disconnect forgets a peer, on the node's context (the policy
   *                   {@link PeerOverflowPolicy#DISCONNECT_PEER})
   * @param meters     the node's meters, told of each window opened and each peer forgotten
   */
  PeerFlow(Vertx vertx, String id, ChannelNodeOptions options, Consumer<String> disconnect,
      ChannelNodeMeters meters) {
    this.vertx = vertx;
    this.id = id;
    this.meters = meters;
    this.max = options.getMaxPeerBufferSize();
    this.overflow = new PeerOverflow(id, options.getPeerOverflowPolicy(), disconnect,
        this::isCurrent);
    this.intake = new AckIntake(id, (path, peer) -> windows.get(path).get(peer));
    for (Path path : Path.values()) {
      windows.put(path, new ConcurrentHashMap<>());
      acks.put(path, new PeerAcks(vertx, id, path.key(),
          path == Path.EVENTS ? Math.min(EVENT_ACK_BYTES, max / 4) : max / 4));
    }
  }

  /** @return the bound of each window, in bytes ({@code maxPeerBufferSize}) */
  public long maxPeerBufferSize() {
    return max;
  }

  /** Sets the node's context, before any message comes or goes. */
  void bind(Context context) {
    this.context = context;
    acks.values().forEach(a -> a.bind(context));
  }

  /**
   * Opens the windows of a peer just met; a peer with windows keeps them.
   *
   * @param peer         the peer
   * @param readsBatches whether its hello, or its answer to this node's, says it reads batches of
   *                     events ({@link PeerBatches})
   */
  void open(String peer, boolean readsBatches) {
    overflow.met(peer);
    openWindows(peer).readsBatches(readsBatches);
  }

  /** @return the peer's event window, made with the others if it had none */
  private PeerWindow openWindows(String peer) {
    for (Path path : Path.values()) {
      PeerWindow window = windows.get(path).get(peer);
      if (window == null) { // windows are made and forgotten on the node's context only
        window = new PeerWindow(peer, epochs.incrementAndGet(), max, vertx);
        windows.get(path).put(peer, window);
        meters.opened(path, window);
      }
      if (path == Path.EVENTS) {
        eventWindows.put(ChannelAddresses.events(peer), window);
      }
    }
    return windows.get(Path.EVENTS).get(peer);
  }

  /**
   * Opens the windows of a peer kept without an answer (its hello timed out), unless the policy
   * disconnected it: a peer that does not answer gets nothing more until it does.
   */
  void openUnlessDisconnected(String peer) {
    if (!overflow.isDisconnected(peer)) {
      openWindows(peer); // what it reads is learnt from its answer
    }
  }

  /** Forgets a peer: its windows, and what this node acknowledges to it. */
  void forget(String peer) {
    eventWindows.remove(ChannelAddresses.events(peer));
    for (Path path : Path.values()) {
      PeerWindow window = windows.get(path).remove(peer);
      if (window != null) {
        window.close();
      }
      acks.get(path).forget(peer);
    }
    meters.forgotten(peer);
  }

  /**
   * @param address a peer's events address
   * @return its event window, or null when it is not a peer (any more)
   */
  PeerWindow eventWindow(String address) {
    return eventWindows.get(address);
  }

  /**
   * Takes room for a message in a window, or counts the refusal and applies the policy.
   *
   * @return the count the message carries, or {@link PeerWindow#FULL}
   */
  long reserve(PeerWindow window, int bytes) {
    long count = window.reserve(bytes);
    if (count == PeerWindow.FULL) {
      overflow.refused(window, bytes, context);
    }
    return count;
  }

  /** @return whether the window is still its peer's (not forgotten, nor met again since) */
  private boolean isCurrent(PeerWindow window) {
    return windows.values().stream().anyMatch(byPeer -> byPeer.get(window.peer()) == window);
  }

  /**
   * Takes room in a peer's window for a request and puts the window's header on its delivery
   * options. A node that is not a peer has no window: the request goes without a header (it is
   * gone, and the request fails at once, or it is joining and is met within a sync), unless the
   * policy disconnected it: then it is refused until it is met again.
   *
   * @param path     the path
   * @param peer     the receiving node
   * @param bytes    the request's size
   * @param delivery the request's delivery options, given the header
   * @return false when the window refused the request (counted)
   */
  public boolean stamp(Path path, String peer, int bytes, DeliveryOptions delivery) {
    PeerWindow window = windows.get(path).get(peer);
    if (window == null) {
      return !overflow.refusedDisconnected(peer, bytes);
    }
    long count = reserve(window, bytes);
    if (count == PeerWindow.FULL) {
      return false;
    }
    delivery.addHeader(WINDOW_HEADER, id + ":" + window.epoch() + ":" + count);
    return true;
  }

  /**
   * Notes a request as handled, to be acknowledged to its sender; a request without a (valid)
   * window header is ignored.
   *
   * @param path    the path it came by
   * @param headers its delivery headers
   * @return the delivery options of the answer, carrying the acknowledgement
   *     ({@link #ACK_HEADER}), or null when the request came without a window
   */
  public DeliveryOptions received(Path path, MultiMap headers) {
    String header = headers.get(WINDOW_HEADER);
    if (header == null) {
      return null;
    }
    int first = header.indexOf(':');
    int second = header.indexOf(':', first + 1);
    try {
      int epoch = Integer.parseInt(header.substring(first + 1, second));
      long handled = received(path, header.substring(0, first), epoch,
          Long.parseLong(header.substring(second + 1)));
      return acks.get(path).dropsAcks() ? null
          : new DeliveryOptions().addHeader(ACK_HEADER, epoch + ":" + handled);
    } catch (RuntimeException e) {
      LOG.warn("Channel node {}: bad {} header {} ignored", id, WINDOW_HEADER, header);
      return null;
    }
  }

  /** Notes a message of a sender's window as handled; returns the highest count handled. */
  long received(Path path, String sender, int epoch, long count) {
    return acks.get(path).received(sender, epoch, count);
  }

  /**
   * Takes the acknowledgement an answer to a request carries ({@link #ACK_HEADER}); a missing or
   * stale one is ignored silently (the acknowledgement messages and pings carry it too).
   *
   * @param path    the path the request went by
   * @param peer    the node that answered
   * @param headers the answer's headers
   */
  public void replied(Path path, String peer, MultiMap headers) {
    intake.replied(path, peer, headers);
  }

  /** Takes an acknowledgement message ({@link AckIntake#onAck(JsonObject)}). */
  void onAck(JsonObject ack) {
    intake.onAck(ack);
  }

  /** Takes the acknowledgements a peer's answer to a ping carries. */
  void onPong(String peer, JsonObject answer) {
    intake.onPong(peer, answer);
  }

  /**
   * @param peer the node that pings this one
   * @return the answer to its ping: {@code {"acks":{<path>:{"epoch":e,"bytes":n}}}}, or null
   *     when nothing of it was handled
   */
  JsonObject pong(String peer) {
    JsonObject carried = null;
    for (Path path : Path.values()) {
      JsonObject latest = acks.get(path).latest(peer);
      if (latest != null) {
        carried = carried == null ? new JsonObject() : carried;
        carried.put(path.key(), latest);
      }
    }
    return carried == null ? null : new JsonObject().put("acks", carried);
  }

  /** @return the peers disconnected by the policy since the node started */
  long disconnects() {
    return overflow.disconnects();
  }

  /** @return the acknowledgement messages ignored since the node started */
  long ignoredAcks() {
    return intake.ignored();
  }

  /** @return the messages refused by a full window (or to a disconnected peer) */
  long droppedMessages() {
    return overflow.droppedMessages();
  }

  /** @return the bytes of the messages refused */
  long droppedBytes() {
    return overflow.droppedBytes();
  }

  /**
   * Test hook: this node sends no acknowledgement messages and puts none on its answers to
   * requests (the answers to pings still carry them), as if every one were lost.
   *
   * @param drop whether to drop them
   */
  public void dropAcks(boolean drop) {
    acks.values().forEach(a -> a.dropAcks(drop));
  }

  /**
   * @return the node's federation counters: the bound and policy, the messages and bytes
   *     refused, the peers disconnected, the acknowledgements ignored, and per peer and path its
   *     window's counters
   */
  public JsonObject toJson() {
    JsonObject peers = new JsonObject();
    windows.forEach((path, byPeer) -> byPeer.forEach((peer, window) -> {
      JsonObject own = peers.getJsonObject(peer);
      if (own == null) {
        own = new JsonObject();
        peers.put(peer, own);
      }
      own.put(path.key(), window.toJson());
    }));
    JsonObject status = new JsonObject().put("maxPeerBufferSize", max);
    overflow.addTo(status);
    return status.put("ignoredAcks", ignoredAcks()).put("peers", peers);
  }
}
