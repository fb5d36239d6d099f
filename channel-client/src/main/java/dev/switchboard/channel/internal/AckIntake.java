package dev.switchboard.channel.internal;

import dev.switchboard.channel.internal.PeerFlow.Path;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Where the acknowledgements of a node's windows ({@link PeerFlow}) come in: acknowledgement
 * messages, the answers to pings, the answers to requests. A bad acknowledgement message (from a
 * node that is not a peer, for an unknown path, with a count that is negative, backwards or beyond
 * what was sent, or without numbers) is ignored, logged at WARN with the reason and counted; one of
 * an earlier window of the peer is ignored silently, as is a stale one carried by an answer.
 *
 * <p>Threading: any thread (a window's {@link PeerWindow#ack(long)} is synchronized).
 */
final class AckIntake {

  private static final Logger LOG = LoggerFactory.getLogger(AckIntake.class);

  private final String id;
  private final BiFunction<Path, String, PeerWindow> windows;
  private final LongAdder ignored = new LongAdder();

  /**
   * @param id      the node's id
   * @param windows the window of a path and a peer, or null
   */
  AckIntake(String id, BiFunction<Path, String, PeerWindow> windows) {
    this.id = id;
    this.windows = windows;
  }

  /** @return the acknowledgement messages ignored since the node started */
  long ignored() {
    return ignored.sum();
  }

  /**
   * Takes the acknowledgement an answer to a request carries ({@link PeerFlow#ACK_HEADER}); a
   * missing or stale one is ignored silently (the acknowledgement messages and pings carry it
   * too).
   *
   * @param path    the path the request went by
   * @param peer    the node that answered
   * @param headers the answer's headers
   */
  void replied(Path path, String peer, MultiMap headers) {
    String header = headers.get(PeerFlow.ACK_HEADER);
    int colon = header == null ? -1 : header.indexOf(':');
    if (colon > 0) {
      try {
        apply(peer, path.key(), new JsonObject()
            .put("epoch", Integer.parseInt(header.substring(0, colon)))
            .put("bytes", Long.parseLong(header.substring(colon + 1))), false);
      } catch (NumberFormatException e) {
        LOG.warn("Channel node {}: bad {} header {} of node {} ignored", id,
            PeerFlow.ACK_HEADER, header, peer);
      }
    }
  }

  /**
   * Takes an acknowledgement message; a bad one (unknown node or path, a negative or backwards
   * count, one beyond what was sent) is ignored with a logged reason.
   */
  void onAck(JsonObject ack) {
    String reason = apply(ack.getString("node"), ack.getString("path"), ack, true);
    if (reason != null) {
      ignored.increment();
      LOG.warn("Channel node {}: acknowledgement {} ignored: {}", id, ack.encode(), reason);
    }
  }

  /**
   * Takes the acknowledgements a peer's answer to a ping carries (a stale one is ignored
   * silently: it may have crossed a later acknowledgement).
   */
  void onPong(String peer, JsonObject answer) {
    JsonObject carried = answer == null ? null : answer.getJsonObject("acks");
    if (carried == null) {
      return;
    }
    for (String path : carried.fieldNames()) {
      Object ack = carried.getValue(path);
      if (ack instanceof JsonObject json) {
        apply(peer, path, json, false);
      }
    }
  }

  private String apply(String peer, String pathKey, JsonObject ack, boolean strict) {
    Path path;
    try {
      path = Path.valueOf(String.valueOf(pathKey).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return "unknown path";
    }
    PeerWindow window = peer == null ? null : windows.apply(path, peer);
    if (window == null) {
      return "node " + peer + " is not a peer";
    }
    Object epoch = ack.getValue("epoch");
    Object bytes = ack.getValue("bytes");
    if (!(epoch instanceof Number e) || !(bytes instanceof Number b)) {
      return "epoch and bytes must be numbers";
    }
    if (e.intValue() != window.epoch()) {
      return null; // of an earlier window of that peer (it was forgotten and met again)
    }
    String refused = window.ack(b.longValue());
    return strict ? refused : null;
  }
}
