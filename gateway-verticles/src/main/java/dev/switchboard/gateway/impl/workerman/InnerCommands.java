package dev.switchboard.gateway.impl.workerman;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Runs the commands an authenticated inner connection sends (GatewayClient's and a
 * BusinessWorker's {@code Lib\Gateway} calls), about this node's clients.
 *
 * <p>Threading: called on the inner connection's context; the future may complete on any.
 */
public interface InnerCommands {

  /**
   * @param packet a command (not one of the connection's own: connect, ping)
   * @return the reply to write ({@link GatewayProtocol#reply}), or null for none; failed with an
   *     {@link IllegalArgumentException} saying why when the command is unknown or malformed (the
   *     connection is then closed)
   */
  Future<Buffer> run(GatewayPacket packet);
}
