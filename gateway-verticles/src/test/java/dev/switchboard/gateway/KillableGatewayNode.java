package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

/**
 * Deployed by name in a separate node JVM ({@code NodeProcess}): a gateway with a frame port
 * on a free port, which it publishes in the cluster-wide map {@value #PORTS}; a client's message
 * is answered with the client's id.
 */
public class KillableGatewayNode extends VerticleBase {

  /** The cluster-wide map of the frame ports. */
  static final String PORTS = "test.gateway.framePorts";

  @Override
  public Future<?> start() {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0),
        new GatewayHandler() {
          @Override
          public void onMessage(Connection connection, Buffer message) {
            connection.send(connection.id());
          }
        });
    return vertx.deployVerticle(gateway).compose(id -> vertx.sharedData()
        .<String, Integer>getAsyncMap(PORTS)
        .compose(map -> map.put("killable", gateway.actualFramePort())));
  }
}
