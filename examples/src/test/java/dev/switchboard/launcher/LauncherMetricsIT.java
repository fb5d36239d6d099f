package dev.switchboard.launcher;

import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clustered node made with {@link LauncherMetrics} serves Vert.x's own meters next to
 * Switchboard's on {@code GET /metrics}: one registry.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LauncherMetricsIT {

  @Test
  void aNodeMadeWithLauncherMetricsRendersVertxAndSwitchboardMetersTogether() throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(2, i -> null, options -> {
      LauncherMetrics.configure(options);
      return options;
    })) {
      Vertx node = cluster.vertx(0);
      GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
          .setMetrics(new dev.switchboard.core.MetricsOptions().setPort(0)), null);
      Await.result(node.deployVerticle(gateway));
      Vertx client = Vertx.vertx();
      try {
        WebSocketClient webSockets = client.createWebSocketClient();
        Await.result(webSockets.connect(gateway.actualPort(), "127.0.0.1", "/"));
        String text = Await.result(client.createHttpClient()
            .request(HttpMethod.GET, gateway.actualMetricsPort(), "127.0.0.1", "/metrics")
            .compose(request -> request.send().compose(response -> response.body()))).toString();
        assertThat(text).contains("vertx_http_server_active_connections")
            .contains("vertx_http_server_bytes_read_total").contains("vertx_pool_")
            .as("the event bus's meters are on by default, without the address as a label")
            .contains("vertx_eventbus_handlers").doesNotContain("address=")
            .contains("switchboard_gateway_connections 1.0")
            .contains("switchboard_cluster_members 2.0")
            .contains("switchboard_hazelcast_partitions_owned")
            .contains("switchboard_hazelcast_member_safe")
            .contains("switchboard_eventloop_delay_seconds_bucket")
            .contains("jvm_memory_used_bytes");
      } finally {
        Await.result(client.close());
      }
    }
  }
}
