package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process outside the cluster calling the gateway API (a business service): a plain Vert.x
 * instance with a remote {@link ChannelClient}, with the gateway role, connected to a channel
 * server deployed on a node of the cluster, through
 * {@link Gateway#remote(Vertx, ChannelClient, long)}.
 */
final class RemoteCaller {

  static final String GATEWAY_TOKEN = "gateway-role-token-of-the-test";

  Vertx outside;
  ChannelClient channels;

  /**
   * @param cluster the cluster
   * @param node    the node the channel server runs on
   * @param timeout the calls' timeout, ms
   * @return the remote gateway API, its cluster-wide calls' node already chosen
   */
  Gateway start(ClusterNodes cluster, int node, long timeout) throws Exception {
    ChannelServerVerticle server = new ChannelServerVerticle();
    Await.result(cluster.vertx(node).deployVerticle(server, new DeploymentOptions()
        .setConfig(new JsonObject().put("port", 0).put("gatewayToken", GATEWAY_TOKEN))));
    outside = Vertx.vertx();
    // the gateway API's channels are reserved: the caller authenticates with the gateway role
    channels = ChannelClient.create(outside, new ChannelClientOptions()
        .setServer("127.0.0.1:" + server.server().actualPort()).setToken(GATEWAY_TOKEN));
    Await.result(channels.connect());
    Gateway remote = Await.result(Gateway.remote(outside, channels, timeout));
    // the first cluster-wide call picks the gateway node that runs them
    assertThat(Await.result(remote.getAllClientCount())).isZero();
    return remote;
  }

  void close() throws Exception {
    if (channels != null) {
      Await.result(channels.close());
    }
    if (outside != null) {
      Await.result(outside.close());
    }
  }
}
