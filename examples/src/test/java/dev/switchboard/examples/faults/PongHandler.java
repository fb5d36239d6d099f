package dev.switchboard.examples.faults;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import io.vertx.core.buffer.Buffer;

/**
 * The gateway handler of {@link PartitionBrowserFailoverIT}'s nodes (named in the gateway's
 * {@code handler} config): answers each {@value #PING} with {@value #PONG}, as an application
 * answers the browser client library's heartbeat so that the page's {@code deadAfter} sees a live
 * link; every other message is ignored.
 *
 * <p>Thread-safe: stateless.
 */
public class PongHandler implements GatewayHandler {

  /** The page's heartbeat message. */
  static final String PING = "ping";
  /** The answer. */
  static final String PONG = "pong";

  @Override
  public void onMessage(Connection connection, Buffer message) {
    if (PING.equals(message.toString())) {
      connection.send(PONG);
    }
  }
}
