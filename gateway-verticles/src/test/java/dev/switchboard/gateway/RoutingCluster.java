package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.ClusterGateway;
import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup of the cluster-wide {@link Gateway} tests: 3 clustered nodes, gateways (HTTP and frame
 * ports) on nodes 0 and 1, the API called from node 2, which runs none (a business node). A
 * subclass may call the API another way ({@link #createApi()}).
 */
abstract class RoutingCluster {

  static final long TIMEOUT = 1_000;

  ClusterNodes cluster;
  final Recorder[] recorders = {new Recorder(), new Recorder()};
  final GatewayVerticle[] gateways = new GatewayVerticle[2];
  Gateway api;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    for (int i = 0; i < 2; i++) {
      gateways[i] = new GatewayVerticle(gatewayOptions().setPort(0).setFramePort(0),
          recorders[i]);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
    }
    api = createApi();
  }

  /** @return the options of the two gateways (the ports are set to 0 after) */
  GatewayOptions gatewayOptions() {
    return new GatewayOptions();
  }

  /**
   * @return the API under test, on node 2
   */
  Gateway createApi() throws Exception {
    return Await.result(ClusterGateway.create(cluster.vertx(2), TIMEOUT));
  }

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      Await.result(api.close());
    }
    closeCaller();
    cluster.close();
  }

  /** Closes what {@link #createApi()} started besides the API. */
  void closeCaller() throws Exception {
  }

  /** @return the id of gateway node 0 or 1 */
  String nodeOf(int node) {
    return routing(node).getString("node");
  }

  JsonObject routing(int node) {
    Vertx vertx = cluster.vertx(node);
    JsonObject status = Await.result(GatewayNode.existing(vertx).status());
    return status.getJsonObject("node").getJsonObject("routing");
  }
}
