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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster push example on 2 clustered nodes (pushes made on node 2 reach a client of node 1
 * by id, uid and everyone) and the business service ({@link PushService}) outside the cluster,
 * through a channel server and GlobalData in client mode; and the attacks the examples resist:
 * a push without the token or by GET (as any web page could make one), and a user claiming
 * another user's name to receive the pushes meant for them.
 */
class ClusterPushIT {

  private static final String TOKEN = "push-token-for-the-test-" + UUID.randomUUID();

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
          .setConfig(new JsonObject().put("httpPort", 0).put("wsPort", 0)
              .put("pushToken", TOKEN))));
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
    JsonObject bound = next(received, "bound");
    assertThat(bound.getString("uid")).isEqualTo("ann");
    assertThat(bound.getString("secret")).as("the first claimer's secret").hasSizeGreaterThan(20);

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

  @Test
  void aPushByGetOrWithoutTheTokenIsRefusedAndSendsNothing() throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    webSockets = outside.createWebSocketClient();
    connect(webSockets, pushers[0].wsPort(), received);
    int node2 = pushers[1].httpPort();
    URI everyone = URI.create("http://127.0.0.1:" + node2 + "/push?content=forged");

    // a GET (an image or link on any web page), even with the token
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(everyone)
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    // a POST (a form on any web page) without the token, with a wrong one, another scheme
    for (String authorization : new String[] {null, "Bearer wrong-token-of-some-length",
        "Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer", TOKEN}) {
      HttpRequest.Builder post = HttpRequest.newBuilder(everyone)
          .POST(HttpRequest.BodyPublishers.ofString("content=forged"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .timeout(Duration.ofSeconds(20));
      if (authorization != null) {
        post.header("Authorization", authorization);
      }
      HttpResponse<String> refused = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    // the legitimate push is the first message the client gets: nothing forged went out
    assertThat(push(node2, "content=legit").statusCode()).isEqualTo(200);
    assertThat(next(received, "push").getString("text")).isEqualTo("legit");
  }

  @Test
  void aSecondUserCannotTakeOverAnothersNameForPushes() throws Exception {
    webSockets = outside.createWebSocketClient();
    BlockingQueue<JsonObject> ann = new LinkedBlockingQueue<>();
    ClientWebSocket annSocket = connect(webSockets, pushers[0].wsPort(), ann);
    annSocket.writeTextMessage(bind("ann", null));
    String secret = next(ann, "bound").getString("secret");
    BlockingQueue<JsonObject> thief = new LinkedBlockingQueue<>();
    ClientWebSocket thiefSocket = connect(webSockets, pushers[0].wsPort(), thief);
    thiefSocket.writeTextMessage(bind("ann", null));
    assertThat(next(thief, "error").getString("reason")).contains("taken");
    thiefSocket.writeTextMessage(bind("ann", "guessed-secret"));
    assertThat(next(thief, "error").getString("reason")).contains("taken");
    thiefSocket.writeTextMessage(bind("a".repeat(ChatBusiness.MAX_NAME + 1), null));
    assertThat(next(thief, "error").getString("reason")).contains("1 to 32 characters");

    // the chat (business verticles on the other node) guards the same names
    ChatExample chat = new ChatExample();
    Await.result(cluster.vertx(1).deployVerticle(chat, new DeploymentOptions().setConfig(
        new JsonObject().put("port", 0).put("node", "node2").put("businessInstances", 1))));
    BlockingQueue<JsonObject> chatThief = new LinkedBlockingQueue<>();
    ClientWebSocket chatSocket = connect(webSockets, chat.port(), chatThief);
    chatSocket.writeTextMessage(new JsonObject().put("cmd", "join").put("room", "lobby")
        .put("name", "ann").encode());
    assertThat(next(chatThief, "error").getString("reason")).contains("taken");

    assertThat(push(pushers[1].httpPort(), "uid=ann&content=for+ann").body())
        .contains("\"accepted\":1");
    assertThat(next(ann, "push").getString("text")).isEqualTo("for ann");
    assertThat(push(pushers[1].httpPort(), "content=for+all").body()).contains("\"accepted\":3");
    assertThat(next(thief, "push").getString("text")).as("the thief got no push for ann")
        .isEqualTo("for all");
    assertThat(next(chatThief, "push").getString("text")).isEqualTo("for all");
    assertThat(next(ann, "push").getString("text")).isEqualTo("for all");

    // ann, on a new connection (or in the chat), takes her name back with her secret
    BlockingQueue<JsonObject> annAgain = new LinkedBlockingQueue<>();
    ClientWebSocket annChat = connect(webSockets, chat.port(), annAgain);
    annChat.writeTextMessage(new JsonObject().put("cmd", "join").put("room", "lobby")
        .put("name", "ann").put("secret", secret).encode());
    assertThat(next(annAgain, "joined").getString("name")).isEqualTo("ann");
    assertThat(push(pushers[1].httpPort(), "uid=ann&content=both").body())
        .contains("\"accepted\":2");
    assertThat(next(ann, "push").getString("text")).isEqualTo("both");
    assertThat(next(annAgain, "push").getString("text")).isEqualTo("both");
  }

  private ClientWebSocket connect(WebSocketClient client, int port,
                                  BlockingQueue<JsonObject> received) throws Exception {
    ClientWebSocket socket = client.webSocket();
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    Await.result(socket.connect(port, "127.0.0.1", "/"));
    next(received, "welcome");
    return socket;
  }

  private static String bind(String uid, String secret) {
    JsonObject bind = new JsonObject().put("cmd", "bind").put("uid", uid);
    return (secret == null ? bind : bind.put("secret", secret)).encode();
  }

  /** POSTs a push with the token, its parameters as a form. */
  private HttpResponse<String> push(int port, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push"))
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject next(BlockingQueue<JsonObject> received, String type)
      throws InterruptedException {
    JsonObject message = received.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("a " + type + " message").isNotNull();
    assertThat(message.getString("type")).as(message.encode()).isEqualTo(type);
    return message;
  }
}
