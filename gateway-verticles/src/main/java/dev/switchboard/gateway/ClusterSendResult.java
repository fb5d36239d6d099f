package dev.switchboard.gateway;

import java.util.Map;
import java.util.Set;

/**
 * What a send to several connections did, per gateway node that holds some of them.
 *
 * @param byNode     each node's counts, by node id (the prefix of its client ids); a node that did
 *                   not answer in time is absent
 * @param unanswered the nodes the send went to that did not answer in time (one that died or is
 *                   cut off): whether their clients got the message is unknown, and none of them
 *                   is counted in {@link #byNode}
 */
public record ClusterSendResult(Map<String, BroadcastResult> byNode, Set<String> unanswered) {

  /**
   * @param byNode     each node's counts
   * @param unanswered the nodes that did not answer in time
   */
  public ClusterSendResult {
    byNode = Map.copyOf(byNode);
    unanswered = Set.copyOf(unanswered);
  }

  /**
   * A result every node answered.
   *
   * @param byNode each node's counts
   */
  public ClusterSendResult(Map<String, BroadcastResult> byNode) {
    this(byNode, Set.of());
  }

  /**
   * @return the counts summed over the nodes
   */
  public BroadcastResult total() {
    BroadcastResult sum = BroadcastResult.NONE;
    for (BroadcastResult node : byNode.values()) {
      sum = sum.plus(node);
    }
    return sum;
  }

  /**
   * @return whether every node the send went to answered (else see {@link #unanswered})
   */
  public boolean complete() {
    return unanswered.isEmpty();
  }
}
