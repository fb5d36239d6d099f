package dev.switchboard.examples;

import dev.switchboard.globaldata.GlobalDataVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of {@code bin/demo}: a GlobalData data node and the
 * online-counter example, on a clustered Vert.x instance.
 *
 * <p>Config: {@code node} (a name for the logs) and {@code users} (passed
 * to {@link OnlineCounterExample}).
 */
public class DemoNode extends VerticleBase {

  /** Line logged once every verticle of the node is deployed. */
  public static final String READY = "Demo node ready";

  private static final Logger LOG = LoggerFactory.getLogger(DemoNode.class);

  @Override
  public Future<?> start() {
    JsonObject config = config();
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    return vertx.deployVerticle(GlobalDataVerticle.class.getName(), options)
        .compose(id -> vertx.deployVerticle(
            OnlineCounterExample.class.getName(), options))
        .onSuccess(id -> LOG.info("{}: {}", READY,
            config.getString("node", "node")));
  }
}
