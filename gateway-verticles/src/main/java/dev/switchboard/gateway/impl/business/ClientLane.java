package dev.switchboard.gateway.impl.business;

import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's events on a business node ({@link BusinessNode}): the instance serving it, the
 * running and waiting ones.
 *
 * <p>Threading: on the node's context.
 */
final class ClientLane {
  /** The channel of the client's gateway node: while nobody holds it, the node is gone. */
  final String home;
  BusinessInstance instance;
  boolean running;
  final List<Message<Buffer>> waiting = new ArrayList<>(2);

  ClientLane(String client) {
    String channel;
    try {
      channel = RoutingProtocol.homeChannel(client); // a node's id, or a GatewayWorker address
    } catch (IllegalArgumentException e) {
      channel = RoutingProtocol.nodeChannel(client);
    }
    this.home = channel;
  }

  boolean idle() {
    return !running && waiting.isEmpty();
  }

  int waitingEvents() {
    int count = 0;
    for (Message<Buffer> event : waiting) {
      if (!BusinessNode.isClose(event)) {
        count++;
      }
    }
    return count;
  }
}
