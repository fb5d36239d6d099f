package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.ClusterSendResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send's result as a remote caller gets it: each node's counts, and the nodes that did not
 * answer in time (as {@code null}), so that a business service outside the cluster learns which
 * nodes' clients may have missed a message, as a caller inside it does.
 */
class RemoteCallsTest {

  @Test
  void aSendResultKeepsItsCountsAndItsUnansweredNodesOverTheWire() {
    ClusterSendResult result = new ClusterSendResult(
        Map.of("n1", new BroadcastResult(2, 1, 0, 0), "n2", new BroadcastResult(3, 0, 1, 0)),
        Set.of("n3"));
    JsonObject json = RemoteCalls.toJson(result);
    assertThat(json.containsKey("n3")).isTrue();
    assertThat(json.getValue("n3")).isNull();
    ClusterSendResult back = RemoteCalls.sendResult(new JsonObject(json.encode()));
    assertThat(back).isEqualTo(result);
    assertThat(back.complete()).isFalse();
    assertThat(back.total()).isEqualTo(new BroadcastResult(5, 1, 1, 0));
  }

  @Test
  void aResultEveryNodeAnsweredIsComplete() {
    ClusterSendResult result = new ClusterSendResult(Map.of("n1", BroadcastResult.NONE));
    assertThat(result.unanswered()).isEmpty();
    assertThat(RemoteCalls.sendResult(RemoteCalls.toJson(result)).complete()).isTrue();
  }
}
