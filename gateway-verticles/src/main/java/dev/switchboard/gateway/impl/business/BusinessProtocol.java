package dev.switchboard.gateway.impl.business;

import dev.switchboard.gateway.Connection;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * How gateways hand client events to business verticles over the event bus: a request to the
 * business's shared address (any node with the business, Vert.x picks one round-robin) or to the
 * address of the node the client is pinned to, a {@code Buffer} body (the message, empty for other
 * events) and headers naming the event; the answer names the node that handled it.
 *
 * <p>Threading: constants and pure functions.
 */
final class BusinessProtocol {

  static final String EVENT = "sb-event";
  static final String CLIENT = "sb-client";
  static final String PROTOCOL = "sb-protocol";
  static final String REMOTE = "sb-remote";
  /** Header of every client event: the client's handshake (JSON). */
  static final String HANDSHAKE = "sb-handshake";
  /**
   * Header of every client event: the client's session (JSON) as it was when the event left; and
   * of an answer: the session the handler left, when it changed it.
   */
  static final String SESSION = "sb-session";
  /** Failure code of a node that has no instance of the business (any more). */
  static final int NO_INSTANCE = 503;
  /**
   * Failure code of a node where an event of the client still runs and another one waits behind
   * it: the business has not finished the client's events for two {@code businessTimeout}s.
   */
  static final int BUSY = 409;
  /**
   * Header of an answer: the id, in the channel space, of the node whose instance handled the
   * event (the node whose business window the client's next events go through).
   */
  static final String NODE = "sb-node";
  /**
   * Header of a node's notice that it left ({@link #left}): how many events and handshakes it
   * still ran (0: it answered everything it took).
   */
  static final String RUNNING = "sb-running";
  /** Header of an answer: the address of the node whose instance handled the event. */
  static final String INSTANCE = "sb-instance";

  /** A client asks to connect: the body is its handshake, the answer's the decision (JSON). */
  static final String DECIDE = "handshake";
  static final String CONNECT = "connect";
  static final String MESSAGE = "message";
  static final String CLOSE = "close";
  /**
   * An event that asks which node takes a client's events (a gateway sends it to the shared
   * address before a client's first event, so that the event itself goes to a node it knows):
   * answered by a node with instances that does not stop, with {@link #INSTANCE} and
   * {@link #NODE}; refused ({@link #NO_INSTANCE}) by the others. It has no other effect, so a
   * gateway may send it again when its answer does not come.
   */
  static final String ROUTE = "route";
  /** An event that only asks which node answers (and how many instances it has). */
  static final String PROBE = "probe";
  /** Header of the answer to a probe: the node's instance count. */
  static final String INSTANCES = "sb-instances";

  private static final String PREFIX = "switchboard.business.";
  /**
   * Prefix of the address where a business node that stops says it has left (published to the
   * gateways, {@link #left}).
   */
  private static final String LEFT_PREFIX = "switchboard.business-left.";

  private BusinessProtocol() {
  }

  /**
   * @return the delivery options of one client event: the timeout and the event's headers
   */
  static DeliveryOptions event(long timeout, String type, Connection connection,
      String handshake, String session) {
    return new DeliveryOptions().setSendTimeout(timeout)
        .addHeader(EVENT, type)
        .addHeader(CLIENT, connection.id())
        .addHeader(PROTOCOL, connection.protocol().wireName())
        .addHeader(REMOTE, String.valueOf(connection.remoteAddress()))
        .addHeader(HANDSHAKE, handshake)
        .addHeader(SESSION, session);
  }

  /**
   * @param business a business name
   * @return the address every instance of the business consumes
   */
  static String address(String business) {
    return PREFIX + business;
  }

  /**
   * @param business a business name
   * @param node     a node's unique id
   * @return the address of that business on that node alone
   */
  static String nodeAddress(String business, String node) {
    return PREFIX + business + ".node." + node;
  }

  /**
   * @param business a business name
   * @return the address where a node of that business that stops publishes, once drained, its
   *     own address ({@link #INSTANCE} header) and the clients whose events it took and did not
   *     finish (the body, a JSON array): what else a gateway sent it was not and will not be
   *     handled there
   */
  static String left(String business) {
    return LEFT_PREFIX + business;
  }
}
