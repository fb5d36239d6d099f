package dev.switchboard.examples;

import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;

/**
 * Deployed by name in a separate node JVM ({@code NodeProcess}) by {@link
 * ClientFailoverBrowserIT}: a gateway without handler on a free HTTP port, which it publishes in
 * the cluster-wide map {@value #PORTS} under its process id. Any origin may open a WebSocket (the
 * test's page comes from the other gateway).
 */
public class FailoverGatewayNode extends VerticleBase {

  /** The cluster-wide map of the HTTP ports, by process id. */
  static final String PORTS = "test.failover.httpPorts";

  @Override
  public Future<?> start() {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
        .setAllowedOrigins(List.of("*")), null);
    return vertx.deployVerticle(gateway).compose(id -> vertx.sharedData()
        .<Long, Integer>getAsyncMap(PORTS)
        .compose(map -> map.put(ProcessHandle.current().pid(), gateway.actualPort())));
  }
}
