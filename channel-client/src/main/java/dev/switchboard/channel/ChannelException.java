package dev.switchboard.channel;

import dev.switchboard.core.ErrorReason;
import dev.switchboard.core.SwitchboardException;

/**
 * The failure of a channel operation, classified by a {@link Reason}. The reasons that a server
 * sends are also the {@code code} of the protocol's {@code error} frame (see
 * {@code docs/protocol.md}). Messages never contain tokens or message data.
 */
public final class ChannelException extends SwitchboardException {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed; the names of the first group are the wire error codes. */
  public enum Reason implements ErrorReason {
    /** Frame length below 4: the connection is closed. */
    BAD_FRAME,
    /** Frame longer than the receiver's {@code maxPackageSize}: the connection is closed. */
    FRAME_TOO_LARGE,
    /** The payload is not valid UTF-8 JSON. */
    BAD_JSON,
    /** The payload is JSON but not a valid request: a field is missing or has the wrong type. */
    BAD_REQUEST,
    /** The request's {@code type} is not one the server knows. */
    UNKNOWN_TYPE,
    /** The payload uses an encoding reserved for later (PHP {@code serialize()}, {@code a:}). */
    UNSUPPORTED_ENCODING,
    /** A channel name is empty or longer than the server's maximum. */
    BAD_CHANNEL,
    /** The request would take the connection over the server's maximum of channels. */
    TOO_MANY_CHANNELS,
    /** The server wants an {@code auth} request first: the connection is closed. */
    AUTH_REQUIRED,
    /** The token is wrong: the connection is closed. */
    AUTH_FAILED,
    /** No successful {@code auth} within the server's {@code authTimeout}: the connection is closed. */
    AUTH_TIMEOUT,
    /**
     * The JSON Web Token the connection authenticated with has expired ({@code exp} plus the
     * server's leeway has passed): the connection is closed; reconnect with a fresh token.
     */
    AUTH_EXPIRED,
    /**
     * The connection's credential does not allow the request: a reserved ({@code $}) channel
     * without the gateway role, or a {@code $gateway.} channel no remote client may use; the
     * connection stays open.
     */
    FORBIDDEN,
    /**
     * The subscriber's send buffer overflowed and the server's policy is to disconnect it: logged
     * by the server, not sent (the connection is not reading).
     */
    SLOW_CONSUMER,
    /** The server failed unexpectedly; the connection stays open. */
    INTERNAL,
    /** Work queues: the queue holds its maximum of items ({@code maxQueueLength}); nothing was enqueued. */
    QUEUE_FULL,
    /** Work queues: the item's JSON is longer than the server's {@code maxQueueItemSize}; nothing was enqueued. */
    ITEM_TOO_LARGE,
    /** Work queues: the request would take the connection over its {@code maxWatches} watched queues. */
    TOO_MANY_WATCHES,
    /**
     * Work queues: an {@code ack} or {@code nack} names an item this connection does not hold
     * (never delivered to it, already settled, or released when it unwatched).
     */
    UNKNOWN_ITEM,
    /**
     * Work queues: this node has none (the node is not clustered over Hazelcast, or, for a local
     * client, no channel server runs on it).
     */
    QUEUES_UNAVAILABLE,

    /** Client only: the outbox of publishes made while disconnected is full. */
    OUTBOX_FULL,
    /** Client only: the connection was lost before the server answered; the publish may or may not have been delivered. */
    DISCONNECTED,
    /** Client only: no server of the list could be reached (or authenticated with). */
    CONNECT_FAILED,
    /** Client only: the server did not answer within {@code requestTimeout}. */
    TIMEOUT,
    /** Client only: the client was closed. */
    CLOSED,

    /**
     * Between nodes: the window of bytes a node may have unacknowledged at a peer node
     * ({@code maxPeerBufferSize}) is full, so a request for that node was refused (counted in the
     * node's status); the peer is slow or stalled. Nothing was sent.
     */
    PEER_BUSY;

    /**
     * @param code a wire error code
     * @return the reason with that name, or {@link #INTERNAL} for a code this client does not know
     */
    public static Reason ofCode(String code) {
      try {
        return code == null ? INTERNAL : valueOf(code);
      } catch (IllegalArgumentException unknown) {
        return INTERNAL;
      }
    }
  }

  /**
   * @param reason  why
   * @param message what, with the channel or connection where there is one
   */
  public ChannelException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * @param reason  why
   * @param message what, with the channel or connection where there is one
   * @param cause   the underlying failure, or null
   */
  public ChannelException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  /**
   * @return why the operation failed
   */
  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
