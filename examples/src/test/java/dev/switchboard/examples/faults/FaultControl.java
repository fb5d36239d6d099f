package dev.switchboard.examples.faults;

import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Deployed by name in a fault test's node JVM (one per host): a small HTTP control port on the
 * host's address ({@code host}, {@code port} in its config) through which the test JVM, which is
 * no cluster member, drives the node:
 *
 * <ul>
 *   <li>{@code GET /heap}: a full collection, then the heap in use, bytes ({@code heapUsed});</li>
 *   <li>{@code POST /sendToGroup?group=g&count=n&intervalMs=m&prefix=p}: {@code n} sends of
 *       {@code "<p><i>"}
 *       to the group through {@link Gateway#sendToGroup}, one every {@code m} ms whatever the
 *       earlier ones do (a sender looping), answered once every send has completed with one
 *       entry per send: {@code seq}, {@code startedAt} (epoch ms), {@code ms} (until its future
 *       completed), {@code byNode} (node id to {@code [written, queued, dropped, closed]}),
 *       {@code unanswered} (node ids), or {@code failure}.</li>
 *   <li>{@code POST /sendToAll?count=n&intervalMs=m&prefix=p}: the same through {@link
 *       Gateway#sendToAll}, to every client of every gateway node.</li>
 * </ul>
 *
 * <p>Test code only: the port is bound to the host's address inside its network namespace.
 */
public class FaultControl extends VerticleBase {

  /** The control port on each host. */
  public static final int PORT = 9090;
  /** The most sends one request may ask for. */
  private static final int MAX_COUNT = 10_000;

  private Gateway gateway;

  @Override
  public Future<?> start() {
    return Gateway.create(vertx).compose(g -> {
      gateway = g;
      return vertx.createHttpServer().requestHandler(this::request)
          .listen(config().getInteger("port", PORT), config().getString("host", "127.0.0.1"));
    });
  }

  private void request(HttpServerRequest request) {
    switch (request.path()) {
      case "/heap" -> vertx.executeBlocking(() -> {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      }).onComplete(ar -> answer(request, new JsonObject().put("heapUsed", ar.result())));
      case "/sendToGroup" -> {
        String group = request.getParam("group");
        sendLoop(request, text -> gateway.sendToGroup(group, text, List.of()));
      }
      case "/sendToAll" -> sendLoop(request, text -> gateway.sendToAll(text));
      default -> request.response().setStatusCode(404).end();
    }
  }

  private void sendLoop(HttpServerRequest request,
      Function<String, Future<ClusterSendResult>> sender) {
    int count = Math.min(MAX_COUNT, Integer.parseInt(request.getParam("count")));
    long interval = Math.max(1, Long.parseLong(request.getParam("intervalMs")));
    String prefix = request.getParam("prefix", "");
    List<Future<JsonObject>> sends = new ArrayList<>();
    List<Promise<JsonObject>> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Promise<JsonObject> slot = Promise.promise();
      slots.add(slot);
      sends.add(slot.future());
    }
    sendNext(sender, prefix, 0, interval, slots);
    Future.join(sends).onComplete(ar -> {
      JsonArray all = new JsonArray();
      sends.forEach(send -> all.add(send.result()));
      answer(request, new JsonObject().put("sends", all));
    });
  }

  private void sendNext(Function<String, Future<ClusterSendResult>> sender, String prefix, int seq,
      long interval, List<Promise<JsonObject>> slots) {
    if (seq == slots.size()) {
      return;
    }
    long startedAt = System.currentTimeMillis();
    sender.apply(prefix + seq).onComplete(ar -> {
      JsonObject entry = new JsonObject().put("seq", seq).put("startedAt", startedAt)
          .put("ms", System.currentTimeMillis() - startedAt);
      if (ar.succeeded()) {
        entry.put("byNode", byNode(ar.result()))
            .put("unanswered", new JsonArray(new ArrayList<>(ar.result().unanswered())));
      } else {
        entry.put("failure", String.valueOf(ar.cause()));
      }
      slots.get(seq).complete(entry);
    });
    vertx.setTimer(interval, t -> sendNext(sender, prefix, seq + 1, interval, slots));
  }

  private static JsonObject byNode(ClusterSendResult result) {
    JsonObject json = new JsonObject();
    result.byNode().forEach((node, counts) -> json.put(node, counts(counts)));
    return json;
  }

  private static JsonArray counts(BroadcastResult counts) {
    return new JsonArray().add(counts.written()).add(counts.queued()).add(counts.dropped())
        .add(counts.closed());
  }

  private static void answer(HttpServerRequest request, JsonObject json) {
    request.response().putHeader("content-type", "application/json").end(json.encode());
  }
}
