package dev.switchboard.channel.impl;

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
 * to).
 *
 * <p>Threading: written on the node's context only; {@link #nodesFor(String)} is read from any
 * thread (a concurrent map of immutable arrays).
 */
final class PeerTable {

  private static final String[] NONE = new String[0];

  private final Map<String, Set<String>> channelsByPeer = new HashMap<>();
  private final ConcurrentHashMap<String, String[]> addressesByChannel = new ConcurrentHashMap<>();

  /**
   * @param channel a channel
   * @return the event addresses of the other nodes with at least one subscriber of it; never null
   */
  String[] eventAddressesFor(String channel) {
    String[] addresses = addressesByChannel.get(channel);
    return addresses == null ? NONE : addresses;
  }

  boolean add(String peer) {
    if (channelsByPeer.containsKey(peer)) {
      return false;
    }
    channelsByPeer.put(peer, new HashSet<>());
    return true;
  }

  Set<String> peers() {
    return Set.copyOf(channelsByPeer.keySet());
  }

  void interested(String peer, Collection<String> channels) {
    Set<String> own = channelsByPeer.computeIfAbsent(peer, p -> new HashSet<>());
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
    return true;
  }

  int size() {
    return channelsByPeer.size();
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
