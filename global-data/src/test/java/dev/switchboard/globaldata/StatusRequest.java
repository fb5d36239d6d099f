package dev.switchboard.globaldata;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import static dev.switchboard.testkit.Await.result;

/** The status reply of a node's GlobalDataVerticle ({@link GlobalDataAddresses#STATUS}). */
final class StatusRequest {

  private StatusRequest() {
  }

  /** @return the reply of the node's GlobalDataVerticle, once it comes */
  static Future<JsonObject> of(Vertx node) {
    return node.eventBus().<JsonObject>request(GlobalDataAddresses.STATUS, "").map(Message::body);
  }

  /** @return the reply, waited for (not from an event loop) */
  static JsonObject now(Vertx node) {
    return result(of(node));
  }
}
