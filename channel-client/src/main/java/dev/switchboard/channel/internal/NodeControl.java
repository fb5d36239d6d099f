package dev.switchboard.channel.internal;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the control messages other nodes send to a node's control address: hellos, pings and
 * byes go to its {@link NodeMembership}, interest changes to its {@link PeerTable} (from peers
 * only), acknowledgements of its windows to its {@link PeerFlow}.
 *
 * <p>Threading: on the node's context (the event-bus consumer's).
 */
final class NodeControl {

  private static final Logger LOG = LoggerFactory.getLogger(NodeControl.class);

  private final String id;
  private final PeerTable peers;
  private final NodeMembership membership;
  private final PeerFlow flow;

  /**
   * @param id         the node's id
   * @param peers      what the node knows of its peers
   * @param membership the node's membership
   * @param flow       the windows of the node's peers
   */
  NodeControl(String id, PeerTable peers, NodeMembership membership, PeerFlow flow) {
    this.flow = flow;
    this.id = id;
    this.peers = peers;
    this.membership = membership;
  }

  /** Handles one control message. */
  void onControl(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String peer = body.getString("node");
    switch (body.getString("op", "")) {
      case "hello" -> membership.onHello(msg, peer);
      case "interest" -> onInterest(msg, peer);
      case "bye" -> membership.onBye(peer);
      case "ping" -> membership.onPing(msg, peer);
      case "ack" -> flow.onAck(body);
      default -> LOG.warn("Channel node {}: unknown control message from node {} ignored", id,
          peer);
    }
  }

  /**
   * Applies an interest change of a peer. One from a node that is not a peer (a late message of
   * a node that left, or of one this node forgot) is ignored: it would bring back a node that
   * may be gone. The answer tells a sender that is still there to say hello again.
   */
  private void onInterest(Message<JsonObject> msg, String peer) {
    if (!peers.known(peer)) {
      LOG.debug("Channel node {}: interest change from node {}, not a peer, ignored", id, peer);
      msg.reply(ControlMessages.UNKNOWN);
      return;
    }
    JsonObject body = msg.body();
    peers.interested(peer, ControlMessages.strings(body.getJsonArray("add")));
    peers.notInterested(peer, ControlMessages.strings(body.getJsonArray("remove")));
    msg.reply(null);
  }
}
