package dev.switchboard.channel;

/**
 * What a node does with a message for a peer node whose window is full: the bytes it sent to that
 * peer and the peer has not acknowledged as handled reached
 * {@link ChannelNodeOptions#getMaxPeerBufferSize()}. Either way the refusal is counted in the
 * node's status ({@code federation}).
 */
public enum PeerOverflowPolicy {
  /**
   * Refuse the message and count it (messages and bytes, per peer); the peer stays a peer and gets
   * the next messages once it has acknowledged enough. A channel event is dropped for that peer's
   * subscribers; a routing request fails with {@code PEER_BUSY}.
   */
  DROP,
  /**
   * Refuse the message and forget the peer: nothing more is sent to it, its interest is dropped,
   * and the disconnect is counted. The membership sync meets it again once it answers a hello,
   * and relearns its interest then (the events published in between are lost for it).
   */
  DISCONNECT_PEER
}
