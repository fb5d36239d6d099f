package dev.switchboard.examples;

import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster push example on 2 clustered nodes (pushes made on node 2 reach a client of node 1
 * by id, uid and everyone) and the business service ({@link PushService}) outside the cluster,
 * through a channel server and GlobalData in client mode.
 */
class ClusterPushIT {

  private ClusterNodes cluster;
  private final ClusterPushExample[] pushers = new ClusterPushExample[2];
  private static final String GATEWAY_TOKEN = "gateway-role-token-of-the-test";

  private int channelPort;
  private Vertx outside;
  private WebSocketClient webSockets;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    for (int i = 0; i < 2; i++) {
      pushers[i] = new ClusterPushExample();
      Await.result(cluster.vertx(i).deployVerticle(pushers[i], new DeploymentOptions()
          .setConfig(new JsonObject().put("httpPort", 0).put("wsPort", 0))));
    }
    ChannelServerVerticle channels = new ChannelServerVerticle();
    Await.result(cluster.vertx(1).deployVerticle(channels, new DeploymentOptions()
        .setConfig(new JsonObject().put("port", 0).put("gatewayToken", GATEWAY_TOKEN))));
    channelPort = channels.server().actualPort();
    outside = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    Await.result(outside.close());
    cluster.close();
  }

  @Test
  void pushesFromAnyNodeAndFromTheBusinessServiceReachTheClient() throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    // the client is kept referenced: an unreachable Vert.x client is closed with its connections
    webSockets = outside.createWebSocketClient();
    // the handler is set before connecting: the welcome comes right after the handshake
    ClientWebSocket socket = webSockets.webSocket();
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    Await.result(socket.connect(pushers[0].wsPort(), "127.0.0.1", "/"));
    String id = next(received, "welcome").getString("client");
    socket.writeTextMessage(new JsonObject().put("cmd", "bind").put("uid", "ann").encode());
    assertThat(next(received, "bound").getString("uid")).isEqualTo("ann");

    int node2 = pushers[1].httpPort();
    assertThat(push(node2, "client=" + id + "&content=to+you").body()).contains("WRITTEN");
    assertThat(next(received, "push").getString("text")).isEqualTo("to you");
    assertThat(push(node2, "uid=ann&content=to+ann").body()).contains("\"accepted\":1");
    assertThat(next(received, "push").getString("text")).isEqualTo("to ann");
    assertThat(push(node2, "content=to+all").body()).contains("\"accepted\":1");
    assertThat(next(received, "push").getString("text")).isEqualTo("to all");

    // bad requests get a reason, and nothing is sent
    assertThat(push(node2, "client=" + id).statusCode()).isEqualTo(400);
    assertThat(push(node2, "client=junk&content=x").body()).contains("not a client id");
    assertThat(push(node2, "client=" + id + "&uid=ann&content=x").statusCode()).isEqualTo(400);
    socket.writeTextMessage("not json");
    assertThat(next(received, "error").getString("reason")).contains("not a JSON object");

    // the business service: outside the cluster, 2 pushes to uid ann, a shared counter
    Await.result(PushService.run(outside, new PushService.Options(
        List.of("127.0.0.1:" + channelPort), cluster.memberAddresses(), cluster.clusterName(),
        "ann", 50, 2, GATEWAY_TOKEN)));
    assertThat(next(received, "push").getString("text")).isEqualTo(
        "push #1 from the business service");
    assertThat(next(received, "push").getString("text")).isEqualTo(
        "push #2 from the business service");
    assertThat(received).isEmpty();
    GlobalData data = Await.result(GlobalData.client(outside, new GlobalDataOptions()
        .setClusterName(cluster.clusterName()).setMembers(cluster.memberAddresses())));
    assertThat(Await.result(data.get(PushService.PUSHES))).isEqualTo(2);
    Await.result(data.close());
  }

  private HttpResponse<String> push(int port, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push?"
        + query)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject next(BlockingQueue<JsonObject> received, String type)
      throws InterruptedException {
    JsonObject message = received.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("a " + type + " message").isNotNull();
    assertThat(message.getString("type")).as(message.encode()).isEqualTo(type);
    return message;
  }
}
