package dev.switchboard.channel.impl;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node knows of the other nodes of the channel space: which nodes exist, and which of them
 * have subscribers of which channel.
 *
 * <p>Threading: written on the node's context only; {@link #nodesFor(String)} is read from any
 * thread (a concurrent map of immutable arrays).
 */
final class PeerTable {

  private static final String[] NONE = new String[0];

  private final Map<String, Set<String>> channelsByPeer = new HashMap<>();
  private final ConcurrentHashMap<String, String[]> nodesByChannel = new ConcurrentHashMap<>();

  /**
   * @param channel a channel
   * @return the other nodes with at least one subscriber of it; never null
   */
  String[] nodesFor(String channel) {
    String[] nodes = nodesByChannel.get(channel);
    return nodes == null ? NONE : nodes;
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
        nodesByChannel.compute(channel, (c, nodes) -> append(nodes, peer));
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
        nodesByChannel.computeIfPresent(channel, (c, nodes) -> without(nodes, peer));
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
    return nodesByChannel.size();
  }

  private static String[] append(String[] nodes, String peer) {
    if (nodes == null) {
      return new String[] {peer};
    }
    String[] more = Arrays.copyOf(nodes, nodes.length + 1);
    more[nodes.length] = peer;
    return more;
  }

  private static String[] without(String[] nodes, String peer) {
    String[] less = Arrays.stream(nodes).filter(n -> !n.equals(peer)).toArray(String[]::new);
    return less.length == 0 ? null : less;
  }
}
