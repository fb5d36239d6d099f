package dev.switchboard.gateway.impl.business;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For tests: waits until a node's event bus reaches a business on a given number of nodes (the
 * cluster's view of event-bus consumers reaches every node a moment after they register).
 */
public final class BusinessProbe {

  private BusinessProbe() {
  }

  /**
   * @param vertx    the node that will send events
   * @param business the business
   * @param nodes    how many nodes with instances must answer
   */
  public static void awaitNodes(Vertx vertx, String business, int nodes) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    DeliveryOptions probe = new DeliveryOptions().setSendTimeout(1_000)
        .addHeader(BusinessProtocol.EVENT, BusinessProtocol.PROBE);
    Await.condition(vertx, 10, () -> vertx.eventBus()
        .request(BusinessProtocol.address(business), Buffer.buffer(), probe)
        .map(answer -> {
          if (!"0".equals(answer.headers().get(BusinessProtocol.INSTANCES))) {
            seen.add(answer.headers().get(BusinessProtocol.INSTANCE));
          }
          return seen.size() >= nodes;
        }).otherwise(false));
  }
}
