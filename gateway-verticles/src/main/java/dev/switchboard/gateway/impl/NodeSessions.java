package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.impl.business.ClientSessions;
import io.vertx.core.json.JsonObject;

/**
 * The sessions a gateway node keeps of its clients, for the business forwarder: read for each
 * event, written back with what a business handler left.
 *
 * <p>Threading: any thread (the node's membership lock guards the sessions).
 */
final class NodeSessions implements ClientSessions {

  private final GatewayNode node;

  NodeSessions(GatewayNode node) {
    this.node = node;
  }

  @Override
  public JsonObject get(Connection connection) {
    return node.session((ConnectionBase) connection);
  }

  @Override
  public void put(Connection connection, JsonObject session) {
    node.session((ConnectionBase) connection, session);
  }
}
