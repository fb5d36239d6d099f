package dev.switchboard.gateway.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Subscriber;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A gateway node's interest in the channels of its groups and uids
 * ({@link RoutingProtocol#groupChannel}, {@link RoutingProtocol#uidChannel}) in the node's
 * channel space: subscribed exactly while the node holds a member, so the cluster knows which
 * nodes to ask.
 *
 * <p>The interest follows the membership in order: each {@link #follow} reads the membership of
 * the changed channels as it is then and subscribes or unsubscribes accordingly, one change at a
 * time. The last one to run sees the last membership, so a late follow-up of an old change can
 * never undo a newer one.
 *
 * <p>Threading: any thread. One follow at a time (this object's lock), taken before the
 * membership's lock and never while holding it; calls into the {@link ChannelNode} are made under
 * it (they take the channel node's own lock and never call back into a subscriber).
 */
final class ChannelInterest {

  private final ChannelNode channels;
  private final Subscriber subscriber;

  /**
   * @param channels   the node's channel space
   * @param subscriber what the node's interest is registered as
   */
  ChannelInterest(ChannelNode channels, Subscriber subscriber) {
    this.channels = channels;
    this.subscriber = subscriber;
  }

  /**
   * Makes the node's interest in channels match its membership as it is now: subscribed to those
   * it holds a member of, unsubscribed from the others.
   *
   * @param changed the channels whose membership changed
   * @param held    which of some channels the node holds a member of (read under the
   *                membership's lock)
   * @return completed once every node knows of the subscriptions (at once when there are none)
   */
  synchronized Future<Void> follow(Collection<String> changed,
      Function<Collection<String>, Set<String>> held) {
    Set<String> holding = held.apply(changed);
    List<String> wanted = new ArrayList<>();
    List<String> unwanted = new ArrayList<>();
    for (String channel : changed) {
      (holding.contains(channel) ? wanted : unwanted).add(channel);
    }
    if (!unwanted.isEmpty()) {
      channels.unsubscribe(subscriber, unwanted);
    }
    return wanted.isEmpty() ? Future.succeededFuture() : channels.subscribe(subscriber, wanted);
  }
}
