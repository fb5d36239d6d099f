package dev.switchboard.gateway;

/**
 * What a business handler learns of a client when it connects.
 *
 * @param id            the client's id, unique across the cluster and restarts
 * @param protocol      how the client speaks to its gateway
 * @param remoteAddress the client's address, {@code host:port}
 */
public record ClientInfo(String id, Protocol protocol, String remoteAddress) {
}
