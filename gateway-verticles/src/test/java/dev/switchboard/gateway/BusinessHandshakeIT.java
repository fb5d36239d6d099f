package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.business.BusinessProbe;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The business side of the connect hook, on 2 clustered nodes (a gateway with {@code
 * businessHandshake} on node 0, the business on node 1): the business decides on each handshake,
 * sees it again with each event, and gets the client's session with each event, its changes
 * written back (GatewayWorker's {@code $_SESSION}).
 */
class BusinessHandshakeIT {

  private static final String BUSINESS = "shop";

  private ClusterNodes cluster;
  private GatewayVerticle gateway;
  private String business;
  private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

  /** Accepts clients with {@code ?user=}, binding it as their uid; counts messages in the session. */
  private final class Shop implements BusinessHandler {
    private Gateway gateway;

    @Override
    public void onStart(Gateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public Future<ConnectDecision> onHandshake(Handshake handshake) {
      String user = handshake.queryParam("user");
      return Future.succeededFuture(user == null ? ConnectDecision.reject(401, "who are you?")
          : ConnectDecision.accept().withUid(user)
              .withSession(new JsonObject().put("user", user).put("count", 0)));
    }

    @Override
    public Future<Void> onConnect(ClientInfo client) {
      seen.add("connect " + client.handshake().queryParam("user") + " "
          + client.session().encode());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> onMessage(ClientInfo client, Buffer message) {
      int count = client.session().getInteger("count") + 1;
      client.session().put("count", count);
      return gateway.sendToClient(client.id(), client.handshake().queryParam("user") + " #"
          + count + " " + message).mapEmpty();
    }

    @Override
    public Future<Void> onClose(ClientInfo client) {
      seen.add("close " + client.session().encode());
      return Future.succeededFuture();
    }
  }

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessHandshake(true).setConnectHookTimeout(5_000), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    business = Await.result(cluster.vertx(1).deployVerticle(new BusinessVerticle(
        new BusinessOptions().setBusiness(BUSINESS), new Shop())));
    BusinessProbe.awaitNodes(cluster.vertx(0), BUSINESS, 1);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void theBusinessDecidesAndEachEventCarriesTheHandshakeAndTheSession() throws Exception {
    try (Socket rejected = new Socket()) {
      assertThat(Clients.request(rejected, gateway.actualPort(), "GET", "/?nobody",
          Clients.UPGRADE_HEADERS)).startsWith("HTTP/1.1 401");
    }
    try (Socket socket = Clients.rawWebSocketTo(gateway.actualPort(), "/?user=ann")) {
      assertThat(next()).isEqualTo("connect ann {\"user\":\"ann\",\"count\":0}");
      InputStream in = socket.getInputStream();
      for (int i = 1; i <= 3; i++) {
        socket.getOutputStream().write(Clients.maskedFrame(0x1, ("m" + i).getBytes()));
        assertThat(Clients.readFrame(in).text()).isEqualTo("ann #" + i + " m" + i);
      }
      Gateway cluster0 = Await.result(Gateway.create(cluster.vertx(0)));
      try {
        String id = Await.result(cluster0.getClientIdsByUid("ann")).get(0);
        // written back once the gateway has the answer, which may follow the reply to the client
        JsonObject expected = new JsonObject().put("user", "ann").put("count", 3);
        Await.condition(cluster.vertx(0), 20,
            () -> cluster0.getSession(id).map(expected::equals));
      } finally {
        Await.result(cluster0.close());
      }
    }
    assertThat(next()).isEqualTo("close {\"user\":\"ann\",\"count\":3}");
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("connectRejected")).isEqualTo(1);
    assertThat(node.getLong("connectionsTotal")).isEqualTo(1);
  }

  @Test
  void withNoBusinessInstanceTheHandshakeWaitsThenIsRejectedWith503() throws Exception {
    Await.result(cluster.vertx(1).undeploy(business));
    Await.result(cluster.vertx(0).undeploy(gateway.deploymentID()));
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
        .setBusiness(BUSINESS).setBusinessHandshake(true).setConnectHookTimeout(500), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    try (RawSocket frame = new RawSocket(gateway.actualFramePort())) {
      assertThat(new JsonObject(frame.readFrame())).isEqualTo(new JsonObject()
          .put("type", "close").put("reason", "rejected").put("status", 503)
          .put("message", "connect hook timed out"));
    }
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    assertThat(node.getLong("businessRetries")).as("asked again while none existed").isPositive();
    assertThat(node.getLong("connectionsTotal")).isZero();
    assertThat(seen).isEmpty();
  }

  private String next() throws InterruptedException {
    String event = seen.poll(20, TimeUnit.SECONDS);
    assertThat(event).as("a business event within 20 s").isNotNull();
    return event;
  }
}
