package dev.switchboard.channel.internal;

import io.vertx.core.Vertx;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where a node's {@link NodeQueues} is found: the channel server registers its node's service
 * while it runs, a local client looks it up (the client module cannot name the server module).
 *
 * <p>Threading: every method from any thread (one lock).
 */
public final class QueueServices {

  private static final Map<Vertx, NodeQueues> SERVICES = new WeakHashMap<>();

  private QueueServices() {
  }

  /**
   * Makes a node's service findable with {@link #of}.
   *
   * @param vertx   the node
   * @param service its service
   */
  public static void register(Vertx vertx, NodeQueues service) {
    synchronized (SERVICES) {
      SERVICES.put(vertx, service);
    }
  }

  /**
   * Forgets a node's service, if it is this one.
   *
   * @param vertx   the node
   * @param service the service that closes
   */
  public static void unregister(Vertx vertx, NodeQueues service) {
    synchronized (SERVICES) {
      SERVICES.remove(vertx, service);
    }
  }

  /**
   * @param vertx the node
   * @return its service, or null when no channel server serving work queues runs on it
   */
  public static NodeQueues of(Vertx vertx) {
    synchronized (SERVICES) {
      return SERVICES.get(vertx);
    }
  }
}
