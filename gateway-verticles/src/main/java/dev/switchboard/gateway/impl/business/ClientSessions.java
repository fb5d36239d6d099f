package dev.switchboard.gateway.impl.business;

import dev.switchboard.gateway.Connection;
import io.vertx.core.json.JsonObject;

/**
 * The gateway node's sessions of its clients, as {@link BusinessForwarder} sends them with each
 * event and writes back what a business handler left.
 *
 * <p>Threading: on the gateway verticle's context.
 */
public interface ClientSessions {
  /** @return the client's session (a copy), or null when it is gone */
  JsonObject get(Connection connection);

  /** Replaces the client's session with what a business handler left (when still open). */
  void put(Connection connection, JsonObject session);
}
