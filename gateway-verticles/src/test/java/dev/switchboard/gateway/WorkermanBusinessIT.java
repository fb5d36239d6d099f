package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java business verticles behind a gateway whose clients have GatewayWorker ids (the inner
 * listener on): a business node finds the client's gateway node through the id's address, so a
 * connected client stays pinned to its instance across the sweeps that forget the clients of
 * gateway nodes that left.
 */
class WorkermanBusinessIT {

  private static final String BUSINESS = "orders";

  private ClusterNodes cluster;
  private GatewayVerticle gateway;
  private BusinessVerticle business;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setWorkerman(new GatewayWorkermanOptions().setPort(0)), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    business = new BusinessVerticle(new BusinessOptions().setBusiness(BUSINESS),
        new RecordingBusiness("b1", new RecordingBusiness.Log()));
    Await.result(cluster.vertx(1).deployVerticle(business));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aConnectedClientIsNotForgottenBySweeps() throws Exception {
    try (RawSocket client = new RawSocket(gateway.actualFramePort())) {
      client.sendFrame("m0");
      assertThat(client.readFrame()).isEqualTo("b1:m0");
      JsonObject before = Await.result(business.status());
      assertThat(before.getInteger("clients")).isEqualTo(1);
      // three sweeps of the business node (every 2 s) while the client is idle and connected
      Await.result(cluster.vertx(1).timer(6_500));
      JsonObject after = Await.result(business.status());
      assertThat(after.getLong("forgotten")).as("clients forgotten: %s", after).isZero();
      assertThat(after.getInteger("clients")).isEqualTo(1);
      client.sendFrame("m1");
      assertThat(client.readFrame()).isEqualTo("b1:m1");
    }
  }
}
