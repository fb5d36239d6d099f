package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Contexts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway node's {@code GET /status} answer: the node entry (its verticles' counters summed, the
 * JVM's view, the routing) and each verticle's entry (docs/gateway.md, Status).
 *
 * <p>Threading: any thread; each verticle's counters are read on its own context.
 */
final class NodeStatusJson {

  private NodeStatusJson() {
  }

  /**
   * @param node      the node
   * @param startedAt when it started, epoch ms
   * @return its status
   */
  static Future<JsonObject> of(GatewayNode node, long startedAt) {
    List<Future<JsonObject>> parts = new ArrayList<>();
    List<long[]> counters = new CopyOnWriteArrayList<>();
    for (GatewayServer server : node.servers()) {
      parts.add(Contexts.call(server.context(), () -> {
        long[] snapshot = server.stats().snapshot();
        counters.add(snapshot);
        return server.status(snapshot);
      }));
    }
    return Future.all(parts).map(all -> {
      long[] sum = new long[Counter.ALL.length];
      JsonArray verticles = new JsonArray();
      for (int i = 0; i < parts.size(); i++) {
        verticles.add(parts.get(i).result());
      }
      counters.forEach(c -> GatewayStats.sum(sum, c));
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      JsonObject nodeJson = new JsonObject()
          .put("verticles", parts.size())
          .put("startedAt", startedAt)
          .put("uptimeMs", System.currentTimeMillis() - startedAt)
          .put("heapUsed", heap.getUsed())
          .put("heapMax", heap.getMax())
          .put("processors", Runtime.getRuntime().availableProcessors());
      JsonObject routing = node.routingStatus();
      if (routing != null) {
        nodeJson.put("routing", routing);
      }
      if (node.workerman().address() != null) { // the PHP BusinessWorkers of the inner listener
        nodeJson.put("businessWorkers", node.phpWorkers().status());
      }
      return new JsonObject().put("node", GatewayStats.toJson(sum, nodeJson))
          .put("verticles", verticles);
    });
  }
}
