package dev.switchboard.gateway.impl.business;

import io.vertx.core.buffer.Buffer;

/**
 * One event of a client on its way to a business ({@link BusinessForwarder}), with its retry
 * state.
 *
 * <p>Threading: on the gateway verticle's context.
 */
final class BusinessEvent {
  final String type;
  final Buffer body;
  long firstTry;
  int retries;

  BusinessEvent(String type, Buffer body) {
    this.type = type;
    this.body = body;
  }
}
