package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.LocalGateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one gateway node of a Vert.x instance while its verticles come and go: a redeploy where the
 * new verticle is created before the last old one stops and starts after it (the window between a
 * gateway server's construction and its start, held open by driving the steps one by one).
 */
class GatewayNodeRegistryIT {

  private ClusterNodes cluster;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(1);
    vertx = cluster.vertx(0);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aVerticleCreatedBeforeTheLastOneStopsJoinsTheSameNodeAsTheOnesAfterIt() throws Exception {
    GatewayServer old = server();
    started(old);
    GatewayServer early = server(); // created while the old verticle still runs
    Await.result(onContext(old, old::stop)); // the last running verticle stops
    GatewayServer late = server();
    started(early);
    started(late);
    try {
      LocalGateway node = GatewayNode.existing(vertx);
      JsonObject status = Await.result(node.status());
      assertThat(status.getJsonObject("node").getInteger("verticles"))
          .as("verticles of the Vert.x instance's one gateway node").isEqualTo(2);
      NetClient client = vertx.createNetClient();
      NetSocket toEarly = Await.result(client.connect(early.actualFramePort(), "127.0.0.1"));
      NetSocket toLate = Await.result(client.connect(late.actualFramePort(), "127.0.0.1"));
      Await.condition(vertx, 10, () -> Future.succeededFuture(node.connectionCount() == 2));
      assertThat(early.node()).isSameAs(late.node()).isSameAs(node);
      Await.result(toEarly.close());
      Await.result(toLate.close());
    } finally {
      Await.result(onContext(early, early::stop));
      Await.result(onContext(late, late::stop));
    }
    assertThat(GatewayNode.existing(vertx)).as("node after its last verticle stopped").isNull();
  }

  private GatewayServer server() {
    return new GatewayServer(vertx, ((VertxInternal) vertx).createEventLoopContext(),
        new GatewayOptions().setPort(0).setFramePort(0), new GatewayHandler() {
        });
  }

  private static void started(GatewayServer server) {
    Await.result(onContext(server, server::start));
  }

  private static Future<Void> onContext(GatewayServer server,
      java.util.function.Supplier<Future<Void>> work) {
    Promise<Void> done = Promise.promise();
    server.context().runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }
}
