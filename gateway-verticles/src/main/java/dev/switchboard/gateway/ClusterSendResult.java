package dev.switchboard.gateway;

import java.util.Map;

/**
 * What a send to several connections did, per gateway node that holds some of them.
 *
 * @param byNode each node's counts, by node id (the prefix of its client ids); a node that did
 *               not answer in time is absent
 */
public record ClusterSendResult(Map<String, BroadcastResult> byNode) {

  /**
   * @param byNode each node's counts
   */
  public ClusterSendResult {
    byNode = Map.copyOf(byNode);
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
}
