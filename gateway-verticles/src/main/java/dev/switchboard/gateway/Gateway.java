package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.gateway.impl.RemoteGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * The gateway seen from anywhere in the cluster (GatewayWorker's {@code Lib\Gateway}): sends to a
 * client id, a uid, a group or everyone, group and uid membership, sessions and queries, whatever
 * node holds the connections. Client ids ({@link Connection#id()}) are unique across the cluster
 * and across restarts, and name the node that holds the connection.
 *
 * <p>Costs: a call about one client goes to the node that holds it; a group or uid call goes to
 * the nodes that hold members of it, and nowhere else; {@link #sendToAll} and
 * {@link #getAllClientCount()} go to every gateway node. Membership is kept by the node that holds
 * the connection, so it goes when the connection closes, and with the node when a node dies.
 *
 * <p>Every call answers within the query timeout: a node that does not answer in time (one that
 * died, or is partitioned away) is left out of a query's answer and of a send's counts.
 *
 * <p>The cluster-wide listings and batch queries are in {@link GatewayQueries}, which this
 * interface extends.
 *
 * <p>Threading: every method may be called from any thread; futures complete on the caller's
 * context when it has one.
 */
public interface Gateway extends GatewayQueries {

  /** Default time a node has to answer, in ms: {@value}. */
  long DEFAULT_TIMEOUT = 3_000;

  /**
   * Default time a remote caller's call has to be answered, in ms: {@value} (longer than
   * {@link #DEFAULT_TIMEOUT}, which the gateway node running a cluster-wide call gives each node).
   */
  long DEFAULT_REMOTE_TIMEOUT = 5_000;

  /**
   * The gateway API on a Vert.x node (clustered for the cluster-wide view), which need not run a
   * gateway verticle itself.
   *
   * @param vertx the node
   * @return completed once the node has joined the routing
   */
  static Future<Gateway> create(Vertx vertx) {
    return ClusterGateway.create(vertx, DEFAULT_TIMEOUT);
  }

  /**
   * The gateway API for a process outside the cluster (a business service), through a channel
   * client: calls are published on the gateway nodes' channels and answered on a channel of the
   * caller's own, so no port is needed beyond the channel server's. Those channels are reserved:
   * a remote channel client must authenticate with the channel servers' {@code gatewayToken}
   * (its {@code token} option set to it). A call about one client goes to that client's node;
   * other calls go to one gateway node that runs them cluster-wide.
   *
   * @param vertx    the Vert.x instance whose timers bound the calls
   * @param channels a channel client, usually remote ({@link ChannelClient#create(Vertx,
   *                 dev.switchboard.channel.ChannelClientOptions)}) with the gateway role
   * @return the gateway API, once it can receive answers; failed with a {@code ChannelException}
   *     of reason {@code FORBIDDEN} when the client lacks the gateway role
   */
  static Future<Gateway> remote(Vertx vertx, ChannelClient channels) {
    return RemoteGateway.create(vertx, channels, DEFAULT_REMOTE_TIMEOUT);
  }

  /**
   * As {@link #remote(Vertx, ChannelClient)}, with a call timeout of one's own.
   *
   * @param vertx    the Vert.x instance whose timers bound the calls
   * @param channels a channel client
   * @param timeout  the time a call has to be answered, ms; a call about one client that is not
   *                 answered finds the client offline, another call fails with a
   *                 {@link java.util.concurrent.TimeoutException}
   * @return the gateway API, once it can receive answers
   */
  static Future<Gateway> remote(Vertx vertx, ChannelClient channels, long timeout) {
    return RemoteGateway.create(vertx, channels, timeout);
  }

  /**
   * @param clientId a client id
   * @param message  a text message
   * @return what the client's connection did with it; {@link SendResult#CLOSED} when no such
   *     client is online
   */
  Future<SendResult> sendToClient(String clientId, String message);

  /**
   * @param clientId a client id
   * @param message  a binary message
   * @return as {@link #sendToClient(String, String)}
   */
  Future<SendResult> sendToClient(String clientId, Buffer message);

  /**
   * @param uid     a user id
   * @param message a text message
   * @return what the connections bound to the uid did with it, per node
   */
  Future<ClusterSendResult> sendToUid(String uid, String message);

  /**
   * @param uid     a user id
   * @param message a binary message
   * @return as {@link #sendToUid(String, String)}
   */
  Future<ClusterSendResult> sendToUid(String uid, Buffer message);

  /**
   * @param group    a group
   * @param message  a text message
   * @param excluded client ids that must not get it (may be empty)
   * @return what the group's connections did with it, per node
   */
  Future<ClusterSendResult> sendToGroup(String group, String message,
      Collection<String> excluded);

  /**
   * @param group    a group
   * @param message  a binary message
   * @param excluded client ids that must not get it (may be empty)
   * @return as {@link #sendToGroup(String, String, Collection)}
   */
  Future<ClusterSendResult> sendToGroup(String group, Buffer message, Collection<String> excluded);

  /**
   * @param message a text message
   * @return what every connection of every gateway node did with it, per node
   */
  Future<ClusterSendResult> sendToAll(String message);

  /**
   * @param message a binary message
   * @return as {@link #sendToAll(String)}
   */
  Future<ClusterSendResult> sendToAll(Buffer message);

  /**
   * GatewayWorker's {@code sendToAll($msg, $client_id_array, $exclude_client_id)}: sends to the
   * listed clients only (each goes to its own node), or to everyone when {@code clientIds} is
   * null; the excluded ids never get it.
   *
   * @param message   a text message
   * @param clientIds 1 to {@link #MAX_BATCH_SIZE} client ids, or null for every client (an empty
   *                  collection fails the call: it would send nothing)
   * @param excluded  client ids that must not get it (null or empty: none; at most
   *                  {@link #MAX_BATCH_SIZE})
   * @return what the connections did with it, per node; nodes not asked are absent
   */
  Future<ClusterSendResult> sendToAll(String message, Collection<String> clientIds,
      Collection<String> excluded);

  /**
   * @param message   a binary message
   * @param clientIds as {@link #sendToAll(String, Collection, Collection)}
   * @param excluded  as {@link #sendToAll(String, Collection, Collection)}
   * @return as {@link #sendToAll(String, Collection, Collection)}
   */
  Future<ClusterSendResult> sendToAll(Buffer message, Collection<String> clientIds,
      Collection<String> excluded);

  /**
   * GatewayWorker's {@code sendToUid($uid_array, $msg)}: to every client bound to one of the
   * uids, once each; only the nodes holding some of them are asked.
   *
   * @param uids    1 to {@link #MAX_BATCH_SIZE} uids
   * @param message a text message
   * @return what the connections did with it, per node
   */
  Future<ClusterSendResult> sendToUid(Collection<String> uids, String message);

  /**
   * @param uids    as {@link #sendToUid(Collection, String)}
   * @param message a binary message
   * @return as {@link #sendToUid(Collection, String)}
   */
  Future<ClusterSendResult> sendToUid(Collection<String> uids, Buffer message);

  /**
   * GatewayWorker's {@code sendToGroup($group_array, $msg, $exclude_client_id)}: to every member
   * of one of the groups, once each (a client in two of them gets it once), except the excluded.
   *
   * @param groups   1 to {@link #MAX_BATCH_SIZE} groups
   * @param message  a text message
   * @param excluded client ids that must not get it (null or empty: none)
   * @return what the connections did with it, per node
   */
  Future<ClusterSendResult> sendToGroup(Collection<String> groups, String message,
      Collection<String> excluded);

  /**
   * @param groups   as {@link #sendToGroup(Collection, String, Collection)}
   * @param message  a binary message
   * @param excluded as {@link #sendToGroup(Collection, String, Collection)}
   * @return as {@link #sendToGroup(Collection, String, Collection)}
   */
  Future<ClusterSendResult> sendToGroup(Collection<String> groups, Buffer message,
      Collection<String> excluded);

  /**
   * Adds a client to a group. Once completed, a group send from any node reaches it.
   *
   * @param clientId a client id
   * @param group    a group
   * @return true, or false when the client is not online
   */
  Future<Boolean> joinGroup(String clientId, String group);

  /**
   * @param clientId a client id
   * @param group    a group
   * @return true, or false when the client is not online
   */
  Future<Boolean> leaveGroup(String clientId, String group);

  /**
   * Empties a group (its clients stay connected).
   *
   * @param group a group
   * @return completed once every node holding members has let them go
   */
  Future<Void> ungroup(String group);

  /**
   * Binds a client to a user id (a client has at most one; a uid may have many clients). Once
   * completed, a uid send from any node reaches it.
   *
   * @param clientId a client id
   * @param uid      a user id
   * @return true, or false when the client is not online
   */
  Future<Boolean> bindUid(String clientId, String uid);

  /**
   * @param clientId a client id
   * @param uid      the user id it is bound to
   * @return true, or false when the client is not online or not bound to that uid
   */
  Future<Boolean> unbindUid(String clientId, String uid);

  /**
   * @param clientId a client id
   * @return whether its connection is open
   */
  Future<Boolean> isOnline(String clientId);

  /**
   * @param uid a user id
   * @return whether a client bound to it is online
   */
  Future<Boolean> isUidOnline(String uid);

  /**
   * @param uid a user id
   * @return the clients bound to it
   */
  Future<List<String>> getClientIdsByUid(String uid);

  /**
   * @param clientId a client id
   * @return the uid it is bound to, or null (not bound, or not online)
   */
  Future<String> getUidByClientId(String clientId);

  /**
   * @param group a group
   * @return its clients
   */
  Future<List<String>> getClientIdsByGroup(String group);

  /**
   * @param group a group
   * @return the number of its clients
   */
  Future<Integer> getClientCountByGroup(String group);

  /**
   * @return the number of connections of every gateway node
   */
  Future<Integer> getAllClientCount();

  /**
   * Replaces a client's session (a JSON object the node holding the connection keeps with it).
   *
   * @param clientId a client id
   * @param session  the session
   * @return true, or false when the client is not online
   */
  Future<Boolean> setSession(String clientId, JsonObject session);

  /**
   * Merges keys into a client's session.
   *
   * @param clientId a client id
   * @param changes  the keys to set
   * @return true, or false when the client is not online
   */
  Future<Boolean> updateSession(String clientId, JsonObject changes);

  /**
   * @param clientId a client id
   * @return a copy of its session (empty when never set), or null when it is not online
   */
  Future<JsonObject> getSession(String clientId);

  /**
   * Closes a client gracefully, after an optional last message.
   *
   * @param clientId a client id
   * @param message  a last text message, or null
   * @return true, or false when the client is not online
   */
  Future<Boolean> closeClient(String clientId, String message);

  /**
   * Closes a client at once, discarding what it has not received.
   *
   * @param clientId a client id
   * @return true, or false when the client is not online
   */
  Future<Boolean> destroyClient(String clientId);

  /**
   * Leaves the routing (the node's channel space is released when nothing else uses it). A
   * second call does nothing.
   *
   * @return completed when done
   */
  Future<Void> close();
}
