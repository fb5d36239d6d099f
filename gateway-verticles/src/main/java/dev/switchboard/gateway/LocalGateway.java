package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;

/**
 * The connections of every {@link GatewayVerticle} instance of one Vert.x node. A broadcast
 * encodes the message once per protocol and shares those bytes across the connections.
 *
 * <p>Threading: every method may be called from any thread. Each connection is written on its
 * own context, in call order per calling context.
 */
public interface LocalGateway {

  /**
   * @return the Vert.x instance
   */
  Vertx vertx();

  /**
   * Sends a text message to every connection of the node.
   *
   * @param message the message
   * @return what happened, summed over the connections
   */
  Future<BroadcastResult> sendToAll(String message);

  /**
   * Sends a binary message to every connection of the node.
   *
   * @param message the message (not copied: do not change it afterwards)
   * @return what happened, summed over the connections
   */
  Future<BroadcastResult> sendToAll(Buffer message);

  /**
   * Sends a text message to some connections.
   *
   * @param connections connections of this node
   * @param message     the message
   * @return what happened, summed over the connections
   */
  Future<BroadcastResult> sendTo(Collection<? extends Connection> connections, String message);

  /**
   * Sends a binary message to some connections.
   *
   * @param connections connections of this node
   * @param message     the message (not copied: do not change it afterwards)
   * @return what happened, summed over the connections
   */
  Future<BroadcastResult> sendTo(Collection<? extends Connection> connections, Buffer message);

  /**
   * @param id a connection id
   * @return the open connection with that id, or null
   */
  Connection connection(String id);

  /**
   * @return the number of open connections of the node
   */
  int connectionCount();

  /**
   * @return the node's status: counters summed over its gateway verticles, and each verticle's
   */
  Future<JsonObject> status();

  /**
   * @return one entry per connection of the node (id, protocol, addresses, Recv-Q, Send-Q,
   *     bytes, state)
   */
  Future<JsonArray> connections();
}
