package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * A consumer for a node JVM that a test kills: watches the queue of its config ({@code queue})
 * with a local client and holds every item it gets, never acknowledging it (a worker killed in
 * the middle of its item). Deployed after a {@code ChannelServerVerticle} on the same node.
 */
public class HoldingQueueConsumer extends VerticleBase {

  @Override
  public Future<?> start() {
    ChannelClient client = ChannelClient.local(vertx);
    return client.watch(config().getString("queue"), item -> { });
  }
}
