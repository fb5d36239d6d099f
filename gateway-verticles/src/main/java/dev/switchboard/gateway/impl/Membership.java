package dev.switchboard.gateway.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The groups, uids and sessions of one gateway node's open connections (the node's membership
 * index), kept in step with the node's {@link ChannelInterest} in the channels of its groups and
 * uids: the node is subscribed to a channel exactly while it holds a member of that group or uid.
 *
 * <p>Two invariants, whatever the threads:
 * <ul>
 *   <li>Only an open connection is a member: a change checks {@link ConnectionBase#isOpen()} under
 *       the lock, and a connection is closed ({@code isOpen()} false) before
 *       {@link #closed(ConnectionBase)} takes the lock to remove it.</li>
 *   <li>The node's interest follows its membership in order: after each change, {@link #follow}
 *       reads the membership of the changed channels as it is then and subscribes or unsubscribes
 *       accordingly, one change at a time (the interest lock). The last one to run sees the last
 *       membership, so a late follow-up of an old change can never undo a newer one.</li>
 * </ul>
 *
 * <p>Threading: any thread. Membership is guarded by this object's lock; interest changes by the
 * interest's lock, taken before this object's lock and never while holding it. Calls into the
 * channel node are made under the interest's lock only (they take the channel node's own
 * lock and never call back into a subscriber).
 */
final class Membership {

  private final ChannelInterest interest;
  private final Map<String, Set<ConnectionBase>> groups = new HashMap<>();
  private final Map<String, Set<ConnectionBase>> uids = new HashMap<>();
  private final Map<ConnectionBase, ClientState> clients = new HashMap<>();
  private final Index index = new Index(groups, uids, clients);
  private boolean stopped;

  /**
   * The membership index as {@link #read} shows it, read-only: members by group and by uid, and
   * the routing state of each connection that has some.
   */
  record Index(Map<String, Set<ConnectionBase>> groups, Map<String, Set<ConnectionBase>> uids,
      Map<ConnectionBase, ClientState> clients) {
  }

  /**
   * @param interest the node's interest in its group and uid channels
   */
  Membership(ChannelInterest interest) {
    this.interest = interest;
  }

  /**
   * @return completed once every node knows this one holds the group; false when the connection
   *     is closed (or closes before the lock)
   */
  Future<Boolean> join(ConnectionBase connection, String group) {
    return RaceWindow.pass(RaceWindow.JOIN, () -> {
      synchronized (this) {
        if (!admits(connection)) {
          return Future.succeededFuture(false);
        }
        int max = connection.host.options().getMaxGroupsPerClient();
        if (!state(connection).join(group, max)) {
          return Future.failedFuture(new IllegalArgumentException("TOO_MANY_GROUPS: client "
              + connection.id() + " is a member of its maximum of " + max
              + " groups (maxGroupsPerClient)"));
        }
        addMember(groups, group, connection);
      }
      // the answer waits until every node knows this one holds the group (also when another
      // member's subscription is still on its way)
      return follow(List.of(RoutingProtocol.groupChannel(group))).map(true);
    });
  }

  /**
   * @return whether the connection was a member
   */
  boolean leave(ConnectionBase connection, String group) {
    boolean last;
    synchronized (this) {
      ClientState state = clients.get(connection);
      if (state == null || !state.groups.remove(group)) {
        return false;
      }
      last = removeMember(groups, group, connection);
    }
    if (last) {
      follow(List.of(RoutingProtocol.groupChannel(group)));
    }
    return true;
  }

  /** Every connection of this node leaves the group. */
  void ungroup(String group) {
    synchronized (this) {
      Set<ConnectionBase> members = groups.remove(group);
      if (members == null) {
        return;
      }
      members.forEach(member -> {
        ClientState state = clients.get(member);
        if (state != null) {
          state.groups.remove(group);
        }
      });
    }
    follow(List.of(RoutingProtocol.groupChannel(group)));
  }

  /**
   * @return completed once every node knows this one holds the uid; false when the connection
   *     is closed (or closes before the lock)
   */
  Future<Boolean> bind(ConnectionBase connection, String uid) {
    return RaceWindow.pass(RaceWindow.BIND, () -> {
      String previous;
      List<String> changed = new ArrayList<>(2);
      synchronized (this) {
        if (!admits(connection)) {
          return Future.succeededFuture(false);
        }
        ClientState state = state(connection);
        previous = state.uid;
        if (uid.equals(previous)) {
          return Future.succeededFuture(true);
        }
        if (previous != null && removeMember(uids, previous, connection)) {
          changed.add(RoutingProtocol.uidChannel(previous));
        }
        state.uid = uid;
        addMember(uids, uid, connection);
        changed.add(RoutingProtocol.uidChannel(uid));
      }
      return follow(changed).map(true);
    });
  }

  /**
   * @return whether the connection was bound to the uid
   */
  boolean unbind(ConnectionBase connection, String uid) {
    boolean last;
    synchronized (this) {
      ClientState state = clients.get(connection);
      if (state == null || !uid.equals(state.uid)) {
        return false;
      }
      state.uid = null;
      last = removeMember(uids, uid, connection);
    }
    if (last) {
      follow(List.of(RoutingProtocol.uidChannel(uid)));
    }
    return true;
  }

  /** A connection of this node closed: it leaves its groups and uid. */
  void closed(ConnectionBase connection) {
    RaceWindow.pass(RaceWindow.LEAVING, () -> {
      leave(connection);
      return Future.succeededFuture();
    });
  }

  private void leave(ConnectionBase connection) {
    List<String> changed = new ArrayList<>();
    synchronized (this) {
      ClientState state = clients.remove(connection);
      if (state == null) {
        return;
      }
      connection.sessionAtClose(state.session); // its close event still carries it
      for (String group : state.groups) {
        if (removeMember(groups, group, connection)) {
          changed.add(RoutingProtocol.groupChannel(group));
        }
      }
      if (state.uid != null && removeMember(uids, state.uid, connection)) {
        changed.add(RoutingProtocol.uidChannel(state.uid));
      }
    }
    if (!changed.isEmpty()) {
      RaceWindow.pass(RaceWindow.CLOSED, () -> follow(changed));
    }
  }

  /**
   * Forgets everything and takes no member any more; the node's interest in every group and uid
   * channel is withdrawn.
   */
  void stop() {
    List<String> changed = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      groups.keySet().forEach(g -> changed.add(RoutingProtocol.groupChannel(g)));
      uids.keySet().forEach(u -> changed.add(RoutingProtocol.uidChannel(u)));
      groups.clear();
      uids.clear();
      clients.clear();
    }
    follow(changed);
  }

  /** Makes the node's interest in the changed channels match its membership as it is now. */
  private Future<Void> follow(Collection<String> changed) {
    return interest.follow(changed, this::held);
  }

  /** @return which of the channels the node holds a member of */
  private synchronized Set<String> held(Collection<String> channels) {
    Set<String> held = new HashSet<>();
    for (String channel : channels) {
      if (holds(channel)) {
        held.add(channel);
      }
    }
    return held;
  }

  /** @return whether the node holds a member of a group or uid channel; under the lock */
  private boolean holds(String channel) {
    if (channel.startsWith(RoutingProtocol.GROUP_PREFIX)) {
      return groups.containsKey(channel.substring(RoutingProtocol.GROUP_PREFIX.length()));
    }
    return channel.startsWith(RoutingProtocol.UID_PREFIX)
        && uids.containsKey(channel.substring(RoutingProtocol.UID_PREFIX.length()));
  }

  /** @return whether the connection may become a member; under the lock */
  private boolean admits(ConnectionBase connection) {
    return !stopped && connection.isOpen();
  }

  // ---- queries ---------------------------------------------------------------------------------

  /**
   * Reads the index under the lock (for the node's cluster-wide listings, {@link NodeQueries}).
   *
   * @param reader reads the index, changing nothing, calling nothing that takes a lock
   * @return what it read
   */
  synchronized <T> T read(Function<Index, T> reader) {
    return reader.apply(index);
  }

  /**
   * @return the open members of a group, except the excluded ids
   */
  synchronized List<ConnectionBase> groupMembers(String group, JsonArray excluded) {
    return members(groups, group, excluded);
  }

  /**
   * @return the open members of a uid
   */
  synchronized List<ConnectionBase> uidMembers(String uid) {
    return members(uids, uid, null);
  }

  private static List<ConnectionBase> members(Map<String, Set<ConnectionBase>> index, String key,
      JsonArray excluded) {
    Set<ConnectionBase> members = index.get(key);
    if (members == null) {
      return List.of();
    }
    List<ConnectionBase> targets = new ArrayList<>(members.size());
    for (ConnectionBase member : members) {
      // a closed member leaves in closed(), just after the registry forgets it: not listed
      // meanwhile, so no answer shows a client isOnline already says is gone
      if (member.isOpen() && (excluded == null || !excluded.contains(member.id()))) {
        targets.add(member);
      }
    }
    return targets;
  }

  /** @return the ids of a group's open members */
  synchronized List<String> groupIds(String group) {
    return ids(groups, group);
  }

  /** @return the ids of a uid's open members */
  synchronized List<String> uidIds(String uid) {
    return ids(uids, uid);
  }

  private static List<String> ids(Map<String, Set<ConnectionBase>> index, String key) {
    Set<ConnectionBase> members = index.get(key);
    List<String> ids = new ArrayList<>();
    if (members != null) {
      members.forEach(member -> {
        if (member.isOpen()) {
          ids.add(member.id());
        }
      });
    }
    return ids;
  }

  /** @return the uid of a connection, or null */
  synchronized String uidOf(ConnectionBase connection) {
    ClientState state = clients.get(connection);
    return state == null ? null : state.uid;
  }

  /**
   * Sets or merges a connection's session.
   *
   * @return false when the connection is closed
   * @throws IllegalArgumentException {@code SESSION_TOO_LARGE} when the session would be larger
   *     than the connection's {@code maxSessionSize}; the session is unchanged then
   */
  synchronized boolean session(ConnectionBase connection, JsonObject session, boolean replace) {
    if (!admits(connection)) {
      return false;
    }
    state(connection).session(session, replace, connection.host.options().getMaxSessionSize());
    return true;
  }

  /** @return a copy of a connection's session (empty when none was set) */
  synchronized JsonObject session(ConnectionBase connection) {
    ClientState state = clients.get(connection);
    return state == null ? new JsonObject() : state.session.copy();
  }

  /** @return the group and uid counts, for the node's status */
  synchronized JsonObject counts() {
    return new JsonObject().put("groups", groups.size()).put("uids", uids.size())
        .put("clients", clients.size());
  }

  private ClientState state(ConnectionBase connection) {
    return clients.computeIfAbsent(connection, c -> new ClientState());
  }

  private static void addMember(Map<String, Set<ConnectionBase>> index, String key,
      ConnectionBase connection) {
    index.computeIfAbsent(key, k -> new HashSet<>()).add(connection);
  }

  /** @return whether the key is gone from the index */
  private static boolean removeMember(Map<String, Set<ConnectionBase>> index, String key,
      ConnectionBase connection) {
    Set<ConnectionBase> members = index.get(key);
    if (members == null || !members.remove(connection) || !members.isEmpty()) {
      return false;
    }
    index.remove(key);
    return true;
  }
}
