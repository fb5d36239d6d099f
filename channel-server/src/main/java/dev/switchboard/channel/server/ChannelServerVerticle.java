package dev.switchboard.channel.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a {@link ChannelServer} with the options of {@code config()} (keys of {@link
 * ChannelServerOptions}; default 127.0.0.1:2206): {@code bin/vertx run
 * dev.switchboard.channel.server.ChannelServerVerticle -cluster}. One per node; every server of
 * the cluster forms one channel space.
 */
public class ChannelServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelServerVerticle.class);

  private ChannelServer server;

  @Override
  public Future<?> start() {
    ChannelServerOptions options = new ChannelServerOptions(config());
    server = ChannelServer.create(vertx, options);
    return server.listen().onSuccess(s -> LOG.info("Channel server listening on {}:{}{}",
        options.getHost(), s.actualPort(), options.isSsl() ? " (TLS)" : ""));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  /**
   * @return the server, once started
   */
  public ChannelServer server() {
    return server;
  }
}
