package dev.switchboard.gateway.impl;

import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * What a gateway node keeps of one connection for routing: its groups, its uid and its session,
 * each bounded ({@code maxGroupsPerClient}, one uid, {@code maxSessionSize}).
 *
 * <p>Threading: guarded by the lock of the {@link Membership} that holds it.
 */
final class ClientState {

  final Set<String> groups = new HashSet<>();
  String uid;
  JsonObject session = new JsonObject();

  /**
   * @param group a group
   * @param max   the most groups a client may be a member of
   * @return whether the client is a member of the group now (false: it was not and is at max)
   */
  boolean join(String group, int max) {
    return groups.contains(group) || (groups.size() < max && groups.add(group));
  }

  /**
   * Sets or merges the session unless the result would be larger than the bound.
   *
   * @param changes the new session, or the keys to merge in
   * @param replace whether to replace the session rather than merge into it
   * @param max     the largest session, in bytes of its JSON encoding
   * @throws IllegalArgumentException {@code SESSION_TOO_LARGE}; the session is unchanged then
   */
  void session(JsonObject changes, boolean replace, int max) {
    JsonObject next = replace ? changes.copy() : session.copy().mergeIn(changes.copy());
    int size = next.toBuffer().length();
    if (size > max) {
      throw new IllegalArgumentException("SESSION_TOO_LARGE: the session would take " + size
          + " bytes, over maxSessionSize " + max);
    }
    session = next;
  }
}
