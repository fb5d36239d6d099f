package dev.switchboard.gateway;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * What a business handler learns of a client with each of its events.
 *
 * @param id            the client's id, unique across the cluster and restarts
 * @param protocol      how the client speaks to its gateway
 * @param remoteAddress the client's address, {@code host:port} (behind a trusted proxy, the one
 *                      it reported)
 * @param handshake     what the client presented when it connected
 * @param session       the client's session when the event left the gateway (GatewayWorker's
 *                      {@code $_SESSION}): changes made before the event's future completes are
 *                      written back (see {@link BusinessHandler}); never null
 */
public record ClientInfo(String id, Protocol protocol, String remoteAddress, Handshake handshake,
    JsonObject session) {

  /**
   * @throws NullPointerException for a null id, protocol, address, handshake or session
   */
  public ClientInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(handshake, "handshake");
    Objects.requireNonNull(session, "session");
  }

  /**
   * A client of a TCP protocol without a session (as before handshakes were kept).
   *
   * @param id            the client's id
   * @param protocol      how the client speaks to its gateway
   * @param remoteAddress the client's address, {@code host:port}
   */
  public ClientInfo(String id, Protocol protocol, String remoteAddress) {
    this(id, protocol, remoteAddress, Handshake.of(protocol, remoteAddress, remoteAddress),
        new JsonObject());
  }
}
