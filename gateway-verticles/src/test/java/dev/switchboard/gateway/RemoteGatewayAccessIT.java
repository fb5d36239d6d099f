package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel port is not the gateway's back door: on 2 gateway nodes with a channel server, a
 * rogue remote client (no gateway role) can neither send to WebSocket clients through the
 * gateway's channels, nor read remote callers' calls, nor answer them; a business service with
 * the gateway role ({@code gatewayToken}) still uses {@link Gateway#remote}.
 */
class RemoteGatewayAccessIT {

  static final String GATEWAY_TOKEN = "gateway-role-token-0123";

  private ClusterNodes cluster;
  private final Recorder[] recorders = {new Recorder(), new Recorder()};
  private final GatewayVerticle[] gateways = new GatewayVerticle[2];
  private final List<Socket> sockets = new ArrayList<>();
  private Vertx outside;
  private ChannelClient callerChannels;
  private ChannelClient rogue;
  private Gateway caller;
  private String serverAddress;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(2);
    for (int i = 0; i < 2; i++) {
      gateways[i] = new GatewayVerticle(new GatewayOptions().setPort(0), recorders[i]);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
    }
    ChannelServerVerticle server = new ChannelServerVerticle();
    Await.result(cluster.vertx(1).deployVerticle(server, new DeploymentOptions().setConfig(
        new JsonObject().put("port", 0).put("gatewayToken", GATEWAY_TOKEN))));
    serverAddress = "127.0.0.1:" + server.server().actualPort();
    String address = serverAddress;
    outside = Vertx.vertx();
    callerChannels = ChannelClient.create(outside, new ChannelClientOptions().setServer(address)
        .setToken(GATEWAY_TOKEN));
    Await.result(callerChannels.connect());
    caller = Await.result(Gateway.remote(outside, callerChannels, 5_000));
    rogue = ChannelClient.create(outside, new ChannelClientOptions().setServer(address));
    Await.result(rogue.connect());
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (caller != null) {
      Await.result(caller.close());
    }
    if (outside != null) {
      Await.result(outside.close());
    }
    cluster.close();
  }

  /** A WebSocket client of a gateway node; returns its id. */
  private String webSocket(int node) throws Exception {
    Socket socket = Clients.rawWebSocket(gateways[node].actualPort());
    socket.setSoTimeout(20_000);
    sockets.add(socket);
    return recorders[node].nextConnection().id();
  }

  private String nextText(int socket) throws Exception {
    return Clients.readFrame(sockets.get(socket).getInputStream()).text();
  }

  private static String nodeOf(String clientId) {
    return clientId.substring(0, clientId.indexOf('-'));
  }

  private static void assertForbidden(io.vertx.core.Future<?> attempt) {
    Throwable refused = Await.failure(attempt);
    assertThat(refused).isInstanceOf(ChannelException.class);
    assertThat(((ChannelException) refused).reason().name()).isEqualTo("FORBIDDEN");
  }

  @Test
  void anAnonymousClientSendsNothingToWebSocketClients() throws Exception {
    String a = webSocket(0);
    String b = webSocket(1);
    assertThat(Await.result(caller.joinGroup(a, "x"))).isTrue();
    assertThat(Await.result(caller.bindUid(b, "x"))).isTrue();
    JsonObject forged = new JsonObject().put("text", "forged");
    assertForbidden(rogue.publish("$gateway.all", forged));
    assertForbidden(rogue.publish("$gateway.group.x", forged));
    assertForbidden(rogue.publish("$gateway.uid.x", forged));
    assertForbidden(rogue.publish("$gateway.node." + nodeOf(a), forged.copy()
        .put("op", "sendToClient").put("client", a)));
    assertForbidden(rogue.publish("$gateway.node." + nodeOf(a), new JsonObject()
        .put("op", "closeClient").put("client", a).put("id", 1)
        .put("replyTo", "$gateway.reply.rogue")));
    // the first message each client gets is the legitimate one, and it is still connected
    assertThat(Await.result(caller.sendToAll("legitimate")).total().accepted()).isEqualTo(2);
    assertThat(nextText(0)).isEqualTo("legitimate");
    assertThat(nextText(1)).isEqualTo("legitimate");
    assertThat(Await.result(caller.isOnline(a))).isTrue();
  }

  @Test
  void aRogueClientCannotReadCallsNorAnswerThem() throws Exception {
    String a = webSocket(0);
    String b = webSocket(1);
    Await.result(caller.joinGroup(a, "room"));
    Await.result(caller.joinGroup(b, "room"));
    // the attack: read the calls on the nodes' channels, answer first on their reply channel
    for (String node : List.of(nodeOf(a), nodeOf(b))) {
      assertForbidden(rogue.on("$gateway.node." + node, call -> {
        JsonObject data = (JsonObject) call.data();
        rogue.publish(data.getString("replyTo"), new JsonObject().put("id", data.getValue("id"))
            .put("result", new JsonArray().add("forged-member")));
      }));
    }
    assertForbidden(rogue.publish("$gateway.reply.00000000-0000-0000-0000-000000000000",
        new JsonObject().put("id", 1).put("result", new JsonArray().add("forged-member"))));
    // nor can it become a remote caller
    Throwable notACaller = Await.failure(Gateway.remote(outside, rogue));
    assertThat(notACaller).isInstanceOf(ChannelException.class);
    assertThat(((ChannelException) notACaller).reason().name()).isEqualTo("FORBIDDEN");
    // even a client with the gateway role cannot read another caller's calls
    ChannelClient insider = ChannelClient.create(outside, new ChannelClientOptions()
        .setServer(serverAddress).setToken(GATEWAY_TOKEN));
    try {
      Await.result(insider.connect());
      assertForbidden(insider.on("$gateway.node." + nodeOf(a), call -> { }));
      assertForbidden(insider.publish("$gateway.reply.anything", new JsonObject()));
    } finally {
      Await.result(insider.close());
    }
    for (int round = 0; round < 5; round++) {
      assertThat(Await.result(caller.getClientIdsByGroup("room")))
          .containsExactlyInAnyOrder(a, b);
    }
  }
}
