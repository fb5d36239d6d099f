package dev.switchboard.channel.server.impl;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.MetricsServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * The metrics listener of a {@code ChannelServerVerticle} ({@link MetricsServer}), held here because a public
 * API class uses no internal package.
 *
 * <p>Threading: any thread.
 */
public final class VerticleMetrics {

  private volatile MetricsServer server;

  /**
   * Starts the listener once the rest of the verticle has started ({@link
   * MetricsServer#startOrUndo}).
   *
   * @param vertx   the node
   * @param options the verticle's metrics options
   * @param undo    closes the rest of the verticle, when the listener cannot listen
   * @return completed once it listens (at once when it is off)
   */
  public Future<Void> start(Vertx vertx, MetricsOptions options, Supplier<Future<?>> undo) {
    return MetricsServer.startOrUndo(vertx, options, undo).onSuccess(s -> server = s).mapEmpty();
  }

  /** @return the listener's port, or {@link MetricsOptions#OFF} when there is none */
  public int port() {
    return MetricsServer.portOf(server);
  }

  /** @return completed once the listener is closed (at once when there is none) */
  public Future<Void> close() {
    return MetricsServer.close(server);
  }
}
