package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.BenchMetrics;
import dev.switchboard.channel.server.ChannelServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Deploys a {@link ChannelServerVerticle} on 127.0.0.1 at the port named by the system property
 * {@value #PORT_PROPERTY}, with a per-subscriber send buffer of {@value #SEND_BUFFER} bytes (Redis's
 * hard pub/sub output limit, so that both servers hold the same backlog for a subscriber) and every
 * other option at its default: the server of a channel benchmark node JVM ({@link dev.switchboard.testkit.NodeProcess} deploys verticles by class name
 * with an empty configuration, and the two servers of one machine need different ports). Metrics:
 * {@link BenchMetrics} ({@code -Dswitchboard.bench.metrics=on|off}).
 */
public class BenchChannelServerVerticle extends VerticleBase {

  /** System property of the node JVM holding the server's port. */
  public static final String PORT_PROPERTY = "switchboard.bench.channel.port";

  /** Send buffer bound per subscriber: 32 MiB, Redis's default {@code client-output-buffer-limit pubsub} hard limit. */
  public static final int SEND_BUFFER = 32 * 1024 * 1024;

  @Override
  public Future<?> start() {
    String port = System.getProperty(PORT_PROPERTY);
    if (port == null) {
      return Future.failedFuture(new IllegalStateException("-D" + PORT_PROPERTY + " is missing"));
    }
    JsonObject config = new JsonObject().put("host", "127.0.0.1")
        .put("port", Integer.parseInt(port)).put("maxSendBufferSize", SEND_BUFFER);
    BenchMetrics.scrapePeriodically(vertx);
    return vertx.deployVerticle(new ChannelServerVerticle(),
        new DeploymentOptions().setConfig(config));
  }
}
