package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Deployed by name in a separate node JVM ({@code NodeProcess}): a gateway forwarding to business
 * {@value #BUSINESS} with a frame port on a free port, which it publishes in the cluster-wide map
 * {@link KillableGatewayNode#PORTS} under {@value #PORT_KEY}.
 */
public class KillableBusinessGatewayNode extends VerticleBase {

  /** The business the gateway forwards to. */
  static final String BUSINESS = "doomed-orders";
  /** The key of the frame port in the map of ports. */
  static final String PORT_KEY = "business-gateway";

  @Override
  public Future<?> start() {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS), null);
    return vertx.deployVerticle(gateway).compose(id -> vertx.sharedData()
        .<String, Integer>getAsyncMap(KillableGatewayNode.PORTS)
        .compose(map -> map.put(PORT_KEY, gateway.actualFramePort())));
  }
}
