package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The status of every node of the channel space ({@link ChannelNode#clusterStatus()}): this node's
 * own, and each peer's asked over the event bus at its {@link ChannelAddresses#status(String)}
 * address, which it must answer within {@link #NODE_TIMEOUT}; a peer that does not is named, not
 * waited for.
 *
 * <p>Threading: any thread.
 */
final class ClusterStatus {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStatus.class);

  /** Time each node has to answer, in milliseconds: {@value}. */
  static final long NODE_TIMEOUT = 3_000;

  private ClusterStatus() {
  }

  /**
   * @param eventBus the node's event bus
   * @param self     this node's id
   * @param own      this node's status
   * @param peers    the peers this node knows
   * @return {@code {"nodes": {<id>: <node status>}, "notAnswering": [<id>]}}, both sorted by id
   */
  static Future<JsonObject> gather(EventBus eventBus, String self, JsonObject own,
      Collection<String> peers) {
    List<String> asked = new ArrayList<>(new TreeSet<>(peers));
    List<Future<Object>> answers = new ArrayList<>(asked.size());
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(NODE_TIMEOUT);
    for (String peer : asked) {
      answers.add(eventBus.request(ChannelAddresses.status(peer), null, options)
          .map(reply -> reply.body()).otherwise(e -> {
            LOG.info("Channel node {}: node {} did not answer the cluster status ({})", self,
                peer, e.getMessage());
            return null;
          }));
    }
    return Future.all(answers).map(all -> {
      Map<String, Object> nodes = new TreeMap<>();
      nodes.put(self, own);
      JsonArray notAnswering = new JsonArray();
      for (int i = 0; i < asked.size(); i++) {
        Object answer = answers.get(i).result();
        if (answer instanceof JsonObject status) {
          nodes.put(asked.get(i), status);
        } else {
          notAnswering.add(asked.get(i));
        }
      }
      return new JsonObject().put("nodes", new JsonObject(nodes))
          .put("notAnswering", notAnswering);
    });
  }
}
