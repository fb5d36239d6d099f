package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.core.internal.Deployments;
import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The one {@link ChannelNode} of each Vert.x instance and its number of users: the first
 * {@link #acquire} deploys it (detached from any user's verticle), the last {@link #release}
 * undeploys it.
 *
 * <p>Threading: any thread; the table is read and written under its own lock only.
 */
final class SharedNodes {

  private static final Logger LOG = LoggerFactory.getLogger(SharedNodes.class);

  private static final Map<Vertx, Handle> NODES = new HashMap<>();

  private SharedNodes() {
  }

  /** The shared node of one Vert.x instance and its number of users. */
  private static final class Handle {
    int users;
    Future<ChannelNode> node;
    String deploymentId;
    /**
     * Run when Vert.x starts closing: forgets the node, so that a user's release does not
     * undeploy it while Vert.x undeploys it too (which fails and logs an error).
     */
    Closeable onVertxClose;
  }

  /** See {@link ChannelNode#acquire(Vertx, ChannelNodeOptions)}. */
  static Future<ChannelNode> acquire(Vertx vertx, ChannelNodeOptions options) {
    synchronized (NODES) {
      Handle handle = NODES.computeIfAbsent(vertx, v -> new Handle());
      handle.users++;
      if (handle.node != null && handle.node.succeeded()
          && !handle.node.result().options().toJson().equals(options.toJson())) {
        LOG.debug("Channel node {} runs already with {}; options {} ignored",
            handle.node.result().id(), handle.node.result().options().toJson(), options.toJson());
      }
      if (handle.node == null) {
        ChannelNode node = new ChannelNode(vertx, options);
        handle.node = Deployments.detached(vertx, node.verticle()).map(deploymentId -> {
          synchronized (NODES) {
            handle.deploymentId = deploymentId;
          }
          return node;
        });
        handle.onVertxClose = completion -> {
          forget(vertx, handle);
          completion.succeed();
        };
        ((VertxInternal) vertx).addCloseHook(handle.onVertxClose);
        handle.node.onFailure(e -> {
          forget(vertx, handle);
          ((VertxInternal) vertx).removeCloseHook(handle.onVertxClose);
        });
      }
      return handle.node;
    }
  }

  /** See {@link ChannelNode#release()}. */
  static Future<Void> release(Vertx vertx) {
    String deploymentId;
    synchronized (NODES) {
      Handle handle = NODES.get(vertx);
      if (handle == null || --handle.users > 0) {
        return Future.succeededFuture();
      }
      NODES.remove(vertx);
      ((VertxInternal) vertx).removeCloseHook(handle.onVertxClose);
      deploymentId = handle.deploymentId;
    }
    return vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture());
  }

  /** Forgets a node whose verticle is stopping (Vert.x undeploys it). */
  static void stopping(Vertx vertx, ChannelNode node) {
    synchronized (NODES) {
      Handle handle = NODES.get(vertx);
      if (handle != null && handle.node.succeeded() && handle.node.result() == node) {
        NODES.remove(vertx);
      }
    }
  }

  private static void forget(Vertx vertx, Handle handle) {
    synchronized (NODES) {
      NODES.remove(vertx, handle);
    }
  }
}
