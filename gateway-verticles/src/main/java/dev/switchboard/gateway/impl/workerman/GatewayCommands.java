package dev.switchboard.gateway.impl.workerman;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The commands of GatewayClient and of a BusinessWorker's {@code Lib\Gateway} on this node's
 * clients, run as routing requests of the node ({@code NodeRequests}): each inner listener
 * answers for the node's own clients, as a Workerman gateway process answers for its own, and
 * GatewayClient, which asks every gateway address a Register lists, merges the answers.
 *
 * <p>Threading: any thread.
 */
public final class GatewayCommands implements InnerCommands {

  private final Function<JsonObject, Future<Object>> local;
  private final Supplier<WorkermanAddress> address;

  /**
   * @param local   answers a routing request about this node's connections
   * @param address the node's inner listener address (client ids are made of it)
   */
  public GatewayCommands(Function<JsonObject, Future<Object>> local,
      Supplier<WorkermanAddress> address) {
    this.local = local;
    this.address = address;
  }

  @Override
  public Future<Buffer> run(GatewayPacket packet) {
    return Future.failedFuture(new IllegalArgumentException("unknown command " + packet.cmd()));
  }
}
