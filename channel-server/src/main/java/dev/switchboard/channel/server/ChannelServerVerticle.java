package dev.switchboard.channel.server;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.channel.server.impl.VerticleMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a {@link ChannelServer} with the options of {@code config()} (keys of {@link
 * ChannelServerOptions}; default 127.0.0.1:2206): {@code bin/vertx run
 * dev.switchboard.channel.server.ChannelServerVerticle -cluster}. One per node; every server of
 * the cluster forms one channel space. With {@code metrics.port} set it also starts a metrics
 * listener ({@code GET /metrics}; several instances share its port), after the server listens.
 */
public class ChannelServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelServerVerticle.class);

  private ChannelServer server;
  private final VerticleMetrics metrics = new VerticleMetrics();

  @Override
  public Future<?> start() {
    ChannelServerOptions options = new ChannelServerOptions(config());
    server = ChannelServer.create(vertx, options);
    return server.listen().onSuccess(s -> LOG.info("Channel server listening on {}:{}{}",
        options.getHost(), s.actualPort(), options.isSsl() ? " (TLS)" : ""))
        .compose(s -> metrics.start(vertx, options.getMetrics(), server::close));
  }

  @Override
  public Future<?> stop() {
    return metrics.close().eventually(server::close);
  }

  /**
   * @return the metrics listener's port once started, or {@link MetricsOptions#OFF} (none:
   *     {@code metrics.port} off, or not started)
   */
  public int actualMetricsPort() {
    return metrics.port();
  }

  /**
   * @return the server, once started
   */
  public ChannelServer server() {
    return server;
  }
}
