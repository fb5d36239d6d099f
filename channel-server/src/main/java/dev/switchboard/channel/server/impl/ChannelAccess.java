package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelAddresses;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.core.internal.LogSafe;

import java.util.Set;

/**
 * Which channels a remote connection may use. Reserved channels ({@code $…}) need the gateway
 * role. Even with it, a remote client never subscribes to the gateway's routing channels
 * ({@code $gateway.…}: they carry the calls of other remote callers and the sends to WebSocket
 * clients, and only gateway nodes, inside the cluster, subscribe to them) except to a reply
 * channel ({@code $gateway.reply.…}), and never publishes on a reply channel (only gateway nodes
 * answer calls). A connection authenticated with a JSON Web Token is further bound by the
 * {@link ChannelGrant} of its token, separately for subscribing and publishing. A refused request
 * changes nothing.
 *
 * <p>Threading: pure functions.
 */
final class ChannelAccess {

  private ChannelAccess() {
  }

  /**
   * @param gateway  whether the connection has the gateway role
   * @param grant    the channels its JSON Web Token grants, or null when it is not bound by one
   * @param channels the channels of a subscribe request
   * @return the channels
   * @throws ChannelException FORBIDDEN when one of them may not be subscribed to
   */
  static Set<String> subscribable(boolean gateway, ChannelGrant grant, Set<String> channels) {
    for (String channel : channels) {
      reserved(gateway, channel);
      if (grant != null && !grant.maySubscribe(channel)) {
        throw notGranted("subscribe to", channel);
      }
      if (channel.startsWith(ChannelAddresses.GATEWAY_PREFIX)
          && !channel.startsWith(ChannelAddresses.GATEWAY_REPLY_PREFIX)) {
        throw new ChannelException(Reason.FORBIDDEN, "the gateway's routing channels ("
            + ChannelAddresses.GATEWAY_PREFIX + "…) are for gateway nodes only, apart from "
            + ChannelAddresses.GATEWAY_REPLY_PREFIX + "…");
      }
    }
    return channels;
  }

  /**
   * @param gateway  whether the connection has the gateway role
   * @param grant    the channels its JSON Web Token grants, or null when it is not bound by one
   * @param channels the channels of a publish request
   * @return the channels
   * @throws ChannelException FORBIDDEN when one of them may not be published on
   */
  static Set<String> publishable(boolean gateway, ChannelGrant grant, Set<String> channels) {
    for (String channel : channels) {
      reserved(gateway, channel);
      if (grant != null && !grant.mayPublish(channel)) {
        throw notGranted("publish on", channel);
      }
      if (channel.startsWith(ChannelAddresses.GATEWAY_REPLY_PREFIX)) {
        throw new ChannelException(Reason.FORBIDDEN, "only gateway nodes answer on "
            + ChannelAddresses.GATEWAY_REPLY_PREFIX + "… channels");
      }
    }
    return channels;
  }

  private static ChannelException notGranted(String action, String channel) {
    return new ChannelException(Reason.FORBIDDEN, "the token does not let this connection "
        + action + " '" + LogSafe.escape(channel) + "'");
  }

  private static void reserved(boolean gateway, String channel) {
    if (!gateway && channel.startsWith(ChannelAddresses.RESERVED_PREFIX)) {
      throw new ChannelException(Reason.FORBIDDEN, "channels starting with '"
          + ChannelAddresses.RESERVED_PREFIX + "' are reserved: they need the gateway role "
          + "(auth with the server's gatewayToken)");
    }
  }
}
