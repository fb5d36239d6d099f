package dev.switchboard.examples.faults;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.LocalGateway;

/**
 * The gateway handler of the fault tests' nodes (named in the gateway's {@code handler} config):
 * a client connecting with {@code ?group=<name>} joins that group, then gets {@code joined <its
 * id>} (so the test knows the cluster routes the group to it); messages are ignored.
 */
public class FaultGroupHandler implements GatewayHandler {

  private volatile Gateway gateway;

  @Override
  public void onStart(LocalGateway local) {
    Gateway.create(local.vertx()).onSuccess(g -> gateway = g);
  }

  @Override
  public void onConnect(Connection connection) {
    String group = connection.handshake().queryParam("group");
    Gateway cluster = gateway;
    if (group == null || cluster == null) {
      connection.close("no group");
      return;
    }
    cluster.joinGroup(connection.id(), group).onComplete(ar -> connection.send(
        ar.succeeded() ? "joined " + connection.id() : "join failed " + ar.cause()));
  }
}
