package dev.switchboard.channel.internal;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the control messages between nodes ({@link NodeControl}, {@link NodeMembership}) share:
 * the "unknown" answer, and reading answers and failures.
 *
 * <p>Threading: stateless; any thread.
 */
final class ControlMessages {

  /** The answer of a node to a message from a node it does not count as a peer. */
  static final JsonObject UNKNOWN = new JsonObject().put("unknown", true);

  private ControlMessages() {
  }

  /**
   * @return whether an answer says that its sender does not count this node as a peer
   */
  static boolean unknown(JsonObject answer) {
    return answer != null && answer.getBoolean("unknown", false);
  }

  static boolean noHandlers(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }

  static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> list.add(String.valueOf(value)));
    }
    return list;
  }
}
