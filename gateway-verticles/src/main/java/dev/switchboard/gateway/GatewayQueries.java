package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide listings and batch queries of {@link Gateway} (the rest of GatewayWorker's
 * {@code Lib\Gateway} and of its GatewayClient): every client, session, group and uid of the
 * cluster, per-group maps, and batch forms of the uid and group queries. Use them through a
 * {@link Gateway}; they are a separate interface only to keep the API readable.
 *
 * <p>Which nodes a call asks: a call about a group or some uids asks the nodes holding members of
 * them; a call about everything asks every gateway node. Each node answers for its own open
 * connections, within the call's timeout: a node that does not answer in time (dead, or
 * partitioned away) is left out, so are its clients, and the call still answers in time.
 *
 * <p>Results are deterministic: lists and sets are sorted, maps are sorted by key and hold every
 * key asked for in a batch call.
 *
 * <p>Bounds: a batch argument holds 1 to {@link #MAX_BATCH_SIZE} non-empty names (a bad one fails
 * the call with an {@link IllegalArgumentException} before anything is asked). An answer, and
 * each node's part of it, holds at most {@link #MAX_ANSWER_SIZE} bytes of JSON (counted as an
 * upper bound of the encoding): a larger one fails the call with an
 * {@link IllegalArgumentException} whose message starts with {@code ANSWER_TOO_LARGE}; nothing is
 * ever truncated. A count is bounded only by each node's part (the node sends the uids it counts).
 *
 * <p>Threading: every method may be called from any thread; futures complete on the caller's
 * context when it has one.
 */
public interface GatewayQueries {

  /** The most names (client ids, uids, groups) one argument of a call may hold: {@value}. */
  int MAX_BATCH_SIZE = 10_000;

  /**
   * The most bytes of JSON an answer, and each node's part of it, may hold: {@value} (8 MiB),
   * under the 10 MiB frames a remote caller's channel client accepts by default.
   */
  int MAX_ANSWER_SIZE = 8 * 1024 * 1024;

  /**
   * GatewayWorker's {@code getAllClientIdList}.
   *
   * @return the id of every open connection of every gateway node, sorted
   */
  Future<List<String>> getAllClientIds();

  /**
   * GatewayWorker's {@code getAllClientSessions()}.
   *
   * @return every open connection's session (an empty object when none was set), by client id
   */
  Future<Map<String, JsonObject>> getAllClientSessions();

  /**
   * GatewayWorker's {@code getClientSessionsByGroup}.
   *
   * @param group a group
   * @return the sessions of its members, by client id
   */
  Future<Map<String, JsonObject>> getClientSessionsByGroup(String group);

  /**
   * GatewayWorker's {@code getAllGroupIdList}.
   *
   * @return every group that has an open member, sorted
   */
  Future<Set<String>> getAllGroupIds();

  /**
   * GatewayWorker's {@code getAllUidList}.
   *
   * @return every uid bound to an open connection, sorted
   */
  Future<Set<String>> getAllUids();

  /**
   * GatewayWorker's {@code getAllUidCount}.
   *
   * @return the number of distinct uids bound to open connections
   */
  Future<Integer> getAllUidCount();

  /**
   * GatewayWorker's {@code getUidListByGroup}.
   *
   * @param group a group
   * @return the distinct uids its members are bound to, sorted
   */
  Future<Set<String>> getUidsByGroup(String group);

  /**
   * GatewayWorker's {@code getUidCountByGroup}.
   *
   * @param group a group
   * @return the number of distinct uids its members are bound to
   */
  Future<Integer> getUidCountByGroup(String group);

  /**
   * GatewayWorker's {@code getAllGroupUidList}.
   *
   * @return for each group with a member bound to a uid, those uids; groups whose members have
   *     no uid are absent
   */
  Future<Map<String, Set<String>>> getAllGroupUids();

  /**
   * GatewayWorker's {@code getAllGroupUidCount}.
   *
   * @return for each group with a member bound to a uid, the number of distinct uids
   */
  Future<Map<String, Integer>> getAllGroupUidCounts();

  /**
   * GatewayWorker's {@code getAllGroupClientIdList}.
   *
   * @return for each group with an open member, its members' ids, sorted
   */
  Future<Map<String, List<String>>> getAllGroupClientIds();

  /**
   * GatewayWorker's {@code getAllGroupClientIdCount}.
   *
   * @return for each group with an open member, the number of its members
   */
  Future<Map<String, Integer>> getAllGroupClientCounts();

  /**
   * GatewayClient's {@code isUidsOnline}.
   *
   * @param uids 1 to {@link #MAX_BATCH_SIZE} uids
   * @return for each, whether a client bound to it is online
   */
  Future<Map<String, Boolean>> isUidsOnline(Collection<String> uids);

  /**
   * GatewayClient's {@code batchGetClientIdByUid}.
   *
   * @param uids 1 to {@link #MAX_BATCH_SIZE} uids
   * @return for each, the clients bound to it, sorted (empty when none)
   */
  Future<Map<String, List<String>>> getClientIdsByUids(Collection<String> uids);

  /**
   * GatewayClient's {@code batchGetClientIdCountByGroup}.
   *
   * @param groups 1 to {@link #MAX_BATCH_SIZE} groups
   * @return for each, the number of its members (0 when none)
   */
  Future<Map<String, Integer>> getClientCountsByGroups(Collection<String> groups);
}
