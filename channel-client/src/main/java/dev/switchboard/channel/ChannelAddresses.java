package dev.switchboard.channel;

/**
 * Event-bus addresses and shared-map names of the channel space. Applications never need them to
 * publish or subscribe ({@link ChannelClient} does that); they are listed for operators.
 */
public final class ChannelAddresses {

  /** Cluster-wide map of the nodes taking part in the channel space: {@value}. */
  public static final String NODES_MAP = "switchboard.channel.nodes";

  /** Prefix of every node's own addresses: {@value}. */
  public static final String NODE_PREFIX = "switchboard.channel.node.";

  /**
   * Answers a status request (any body) with the JSON counters of this node's channel space and
   * of its channel servers: {@value}.
   */
  public static final String STATUS = "switchboard.channel.status";

  /**
   * Prefix of the reserved channels: {@value}. A remote client of a channel server may publish or
   * subscribe to them only with the gateway role (the server's {@code gatewayToken}); local
   * clients, inside the cluster, may.
   */
  public static final String RESERVED_PREFIX = "$";

  /**
   * Prefix of the gateway's routing channels: {@value}. No remote client may subscribe to them
   * (they carry the calls of remote callers and the sends to WebSocket clients), except to a
   * {@link #GATEWAY_REPLY_PREFIX} channel.
   */
  public static final String GATEWAY_PREFIX = "$gateway.";

  /**
   * Prefix of the channels on which gateway nodes answer remote callers: {@value}. The rest of
   * the name is a random UUID known only to the caller and the gateway nodes; no remote client
   * may publish on them.
   */
  public static final String GATEWAY_REPLY_PREFIX = "$gateway.reply.";

  /** Cluster-wide map where channel servers compare their credentials: {@value}. */
  public static final String CREDENTIALS_MAP = "switchboard.channel.credentials";

  private static final String EVENTS_SUFFIX = ".events";

  private ChannelAddresses() {
  }

  /**
   * @param nodeId a node's id
   * @return the address of the node's control messages (interest, hello, bye, ping)
   */
  public static String control(String nodeId) {
    return NODE_PREFIX + nodeId + ".control";
  }

  /**
   * @param nodeId a node's id
   * @return the address the node receives events on
   */
  public static String events(String nodeId) {
    return NODE_PREFIX + nodeId + EVENTS_SUFFIX;
  }

  /**
   * @param nodeId a node's id
   * @return the address where the node answers other nodes with its status (as
   *     {@link #STATUS} does inside the node), for a cluster-wide status
   */
  public static String status(String nodeId) {
    return NODE_PREFIX + nodeId + ".status";
  }

  /**
   * @param eventsAddress a node's {@link #events(String)} address
   * @return the node's id
   */
  public static String nodeOfEvents(String eventsAddress) {
    return eventsAddress.substring(NODE_PREFIX.length(),
        eventsAddress.length() - EVENTS_SUFFIX.length());
  }
}
