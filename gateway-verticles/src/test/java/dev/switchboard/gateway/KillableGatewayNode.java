package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  /**
   * @param cluster the cluster the node joins
   * @return the node's JVM, running once its gateway listens
   */
  static NodeProcess start(ClusterNodes cluster) throws Exception {
    return NodeProcess.start(cluster.clusterName(), cluster.memberAddresses(),
        KillableGatewayNode.class.getName());
  }

  /**
   * @param vertx a node of the cluster
   * @return the killable node's frame port
   */
  static int framePort(Vertx vertx) {
    return Await.result(vertx.sharedData().<String, Integer>getAsyncMap(PORTS)
        .compose(map -> map.get("killable")));
  }

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
