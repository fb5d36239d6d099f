package dev.switchboard.core.internal;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Deploys a node-wide verticle (one per Vert.x instance, shared by the verticles that use it, such
 * as the channel node or a business node's consumers) so that it belongs to none of them: Vert.x
 * makes a verticle deployed from another verticle's context that verticle's child, undeployed
 * with it, even while others still use it.
 *
 * <p>Threading: any thread.
 */
public final class Deployments {

  private Deployments() {
  }

  /**
   * @param vertx    the node
   * @param verticle the node-wide verticle
   * @return its deployment id, once deployed; it lives until undeployed or Vert.x closes
   */
  public static Future<String> detached(Vertx vertx, Deployable verticle) {
    Promise<String> deployed = Promise.promise();
    // no public call deploys without a parent from inside a verticle's context: a context of no
    // deployment (VertxInternal.createEventLoopContext) is the one way without a thread hop
    ((VertxInternal) vertx).createEventLoopContext().runOnContext(v ->
        vertx.deployVerticle(verticle).onComplete(deployed));
    return deployed.future();
  }
}
