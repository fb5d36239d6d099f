package dev.switchboard.examples.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The sends a {@link FaultControl} made ({@code POST /sendToGroup}'s answer), read by a test.
 *
 * @param sends one entry per send, in order
 */
record GroupSends(List<JsonObject> sends) {

  static GroupSends of(JsonObject answer) {
    List<JsonObject> sends = new ArrayList<>();
    answer.getJsonArray("sends").forEach(send -> sends.add((JsonObject) send));
    return new GroupSends(sends);
  }

  /** @return the send's counts of that node, {@code [written, queued, dropped, closed]}, or null */
  static JsonArray counts(JsonObject send, String node) {
    JsonObject byNode = send.getJsonObject("byNode");
    return byNode == null ? null : byNode.getJsonArray(node);
  }

  /** @return the messages the node counted as written or queued, or -1 when it did not answer */
  static int accepted(JsonObject send, String node) {
    JsonArray counts = counts(send, node);
    return counts == null ? -1 : counts.getInteger(0) + counts.getInteger(1);
  }

  /** @return whether the send named that node as not answering */
  static boolean unanswered(JsonObject send, String node) {
    JsonArray unanswered = send.getJsonArray("unanswered");
    return unanswered != null && unanswered.contains(node);
  }

  /** @return the sends whose future failed */
  List<JsonObject> failed() {
    return sends.stream().filter(s -> s.containsKey("failure")).toList();
  }

  /** @return the sends the node answered (counted in byNode) */
  List<JsonObject> answeredBy(String node) {
    return sends.stream().filter(s -> counts(s, node) != null).toList();
  }

  /** @return the sends that named the node as not answering */
  List<JsonObject> unansweredBy(String node) {
    return sends.stream().filter(s -> unanswered(s, node)).toList();
  }

  /** @return the sends that did not go to the node at all (neither answered nor unanswered) */
  List<JsonObject> notSentTo(String node) {
    return sends.stream().filter(s -> !s.containsKey("failure") && counts(s, node) == null
        && !unanswered(s, node)).toList();
  }

  /** @return the longest time a send's future took, ms */
  long slowestMs() {
    return sends.stream().mapToLong(s -> s.getLong("ms")).max().orElse(0);
  }
}
