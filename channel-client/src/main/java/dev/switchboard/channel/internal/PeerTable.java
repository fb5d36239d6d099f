package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node knows of the other nodes of the channel space: which nodes exist, and which of them
 * have subscribers of which channel (kept per channel as the nodes' event addresses, ready to send
 * to), and which of them it knows only by name: a peer whose hello went unanswered is kept (so
 * that it hears of this node's interest changes) but marked unsynced until a hello is answered.
 *
 * <p>Threading: written on the node's context only; {@link #eventAddressesFor(String)} (a
 * concurrent map of immutable arrays), {@link #size()}, {@link #unsyncedCount()} and
 * {@link #remoteChannels()} are read from any thread.
 */
final class PeerTable {

  private static final String[] NONE = new String[0];

  private final Map<String, Set<String>> channelsByPeer = new HashMap<>();
  private final Set<String> unsynced = new HashSet<>();
  /** Sizes of the two sets above, published for readers on other threads. */
  private volatile int peerCount;
  private volatile int unsyncedPeerCount;
  private final ConcurrentHashMap<String, String[]> addressesByChannel = new ConcurrentHashMap<>();

  /**
   * @param channel a channel
   * @return the event addresses of the other nodes with at least one subscriber of it; never null
   */
  String[] eventAddressesFor(String channel) {
    String[] addresses = addressesByChannel.get(channel);
    return addresses == null ? NONE : addresses;
  }

  /**
   * Adds a node whose channels are not known yet; a known node is left as it is.
   *
   * @param peer the node
   * @return whether it was new
   */
  boolean addUnsynced(String peer) {
    if (channelsByPeer.containsKey(peer)) {
      return false;
    }
    channelsByPeer.put(peer, new HashSet<>());
    unsynced.add(peer);
    counted();
    return true;
  }

  /**
   * Sets a node's channels to exactly those given (all of its channels, from its hello or its
   * answer to one), adding the node when new.
   *
   * @param peer     the node
   * @param channels every channel it has subscribers of
   * @return whether the node was new
   */
  boolean sync(String peer, Collection<String> channels) {
    boolean fresh = !channelsByPeer.containsKey(peer);
    Set<String> own = channelsByPeer.computeIfAbsent(peer, p -> new HashSet<>());
    Set<String> wanted = new HashSet<>(channels);
    notInterested(peer, own.stream().filter(c -> !wanted.contains(c)).toList());
    interested(peer, wanted);
    unsynced.remove(peer);
    counted();
    return fresh;
  }

  /**
   * @param peer a node
   * @return whether it is a peer
   */
  boolean known(String peer) {
    return channelsByPeer.containsKey(peer);
  }

  /**
   * @param peer a node
   * @return whether it is a peer whose channels are known
   */
  boolean synced(String peer) {
    return channelsByPeer.containsKey(peer) && !unsynced.contains(peer);
  }

  /**
   * @return the peers whose channels are not known
   */
  Set<String> unsynced() {
    return Set.copyOf(unsynced);
  }

  Set<String> peers() {
    return Set.copyOf(channelsByPeer.keySet());
  }

  /** Adds channels of a known peer (an unknown one is ignored). */
  void interested(String peer, Collection<String> channels) {
    Set<String> own = channelsByPeer.get(peer);
    if (own == null) {
      return;
    }
    for (String channel : channels) {
      if (own.add(channel)) {
        addressesByChannel.compute(channel,
            (c, addresses) -> append(addresses, ChannelAddresses.events(peer)));
      }
    }
  }

  void notInterested(String peer, Collection<String> channels) {
    Set<String> own = channelsByPeer.get(peer);
    if (own == null) {
      return;
    }
    for (String channel : channels) {
      if (own.remove(channel)) {
        addressesByChannel.computeIfPresent(channel,
            (c, addresses) -> without(addresses, ChannelAddresses.events(peer)));
      }
    }
  }

  /**
   * Forgets a node and its interests.
   *
   * @param peer the node
   * @return whether it was known
   */
  boolean remove(String peer) {
    Set<String> own = channelsByPeer.get(peer);
    if (own == null) {
      return false;
    }
    notInterested(peer, Set.copyOf(own));
    channelsByPeer.remove(peer);
    unsynced.remove(peer);
    counted();
    return true;
  }

  private void counted() {
    peerCount = channelsByPeer.size();
    unsyncedPeerCount = unsynced.size();
  }

  int unsyncedCount() {
    return unsyncedPeerCount;
  }

  int size() {
    return peerCount;
  }

  int remoteChannels() {
    return addressesByChannel.size();
  }

  private static String[] append(String[] addresses, String address) {
    if (addresses == null) {
      return new String[] {address};
    }
    String[] more = Arrays.copyOf(addresses, addresses.length + 1);
    more[addresses.length] = address;
    return more;
  }

  private static String[] without(String[] addresses, String address) {
    String[] less = Arrays.stream(addresses).filter(a -> !a.equals(address))
        .toArray(String[]::new);
    return less.length == 0 ? null : less;
  }
}
