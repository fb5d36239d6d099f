package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the channel port's authentication: a token on one server only, a short token,
 * anonymous listening beyond loopback, and guessing a token from one address. Options are given
 * as a verticle's JSON config, as an operator gives them.
 */
class ChannelAuthIT extends ClusteredTestBase {

  static final String TOKEN = "plain-client-token-0123";

  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  private Throwable startFails(int node, JsonObject config) {
    return Await.failure(cluster.vertx(node).deployVerticle(new ChannelServerVerticle(),
        new DeploymentOptions().setConfig(config.put("port", 0))));
  }

  private ChannelServer start(int node, JsonObject config) {
    ChannelServerVerticle verticle = new ChannelServerVerticle();
    Await.result(cluster.vertx(node).deployVerticle(verticle,
        new DeploymentOptions().setConfig(config.put("port", 0))));
    return verticle.server();
  }

  private static JsonObject auth(String token) {
    return new JsonObject().put("type", "auth").put("id", 1).put("token", token);
  }

  @Test
  void aServerWithoutTheClusterTokenRefusesToStartAndLetsNobodyIn() throws Exception {
    startNodes(2);
    ChannelServer first = start(0, new JsonObject().put("token", TOKEN));
    ChannelClient member = harness.remote(cluster.vertx(0),
        ChannelHarness.to(first).setToken(TOKEN));
    Inbox inbox = new Inbox();
    Await.result(member.on("private", inbox));

    Throwable refused = startFails(1, new JsonObject());
    assertThat(refused).hasMessageContaining("differs from that of the channel server")
        .hasMessageContaining("same credentials");
    assertThat(startFails(1, new JsonObject().put("token", TOKEN + "-other")))
        .hasMessageContaining("differs");

    // the same token: the second server enforces it for its own clients too
    ChannelServer second = start(1, new JsonObject().put("token", TOKEN));
    try (RawClient anonymous = new RawClient(second.actualPort())) {
      anonymous.send(new JsonObject().put("type", "publish").put("id", 1)
          .put("channels", new JsonArray().add("private")).put("data", "injected"));
      assertThat(anonymous.read().getString("code")).isEqualTo("AUTH_REQUIRED");
      assertThat(anonymous.closedByServer()).isTrue();
    }
    Await.result(member.publish("private", "genuine"));
    assertThat(inbox.next().data()).isEqualTo("genuine");
  }

  @Test
  void aTokenShorterThanSixteenCharactersFailsTheStart() throws Exception {
    startNodes(1);
    assertThat(startFails(0, new JsonObject().put("token", "s3cret")))
        .hasMessageContaining("token must have at least 16 characters");
    assertThat(startFails(0, new JsonObject().put("gatewayToken", "short")))
        .hasMessageContaining("gatewayToken must have at least 16 characters");
  }

  @Test
  void listeningBeyondLoopbackWithoutATokenNeedsInsecure() throws Exception {
    startNodes(1);
    assertThat(startFails(0, new JsonObject().put("host", "0.0.0.0")))
        .hasMessageContaining("refusing to listen on 0.0.0.0 without a token")
        .hasMessageContaining("insecure");
    ChannelServer open = start(0, new JsonObject().put("host", "0.0.0.0").put("insecure", true));
    assertThat(open.actualPort()).isPositive();
    Await.result(cluster.vertx(0).undeploy(cluster.vertx(0).deploymentIDs().iterator().next()));
    ChannelServer secured = start(0, new JsonObject().put("host", "0.0.0.0").put("token", TOKEN));
    try (RawClient client = new RawClient(secured.actualPort())) {
      client.send(auth(TOKEN));
      assertThat(client.read().getString("type")).isEqualTo("ack");
    }
    // and on a real interface's address, where the machine has one
    String external = nonLoopbackAddress();
    if (external != null) {
      assertThat(startFails(0, new JsonObject().put("host", external)))
          .hasMessageContaining("refusing to listen on " + external + " without a token");
      ChannelServer onInterface = start(0, new JsonObject().put("host", external)
          .put("token", TOKEN));
      try (Socket socket = new Socket(external, onInterface.actualPort())) {
        assertThat(socket.isConnected()).isTrue();
      }
    }
  }

  /** @return an IPv4 address of an interface that is up and not loopback, or null */
  private static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return address.getHostAddress();
        }
      }
    }
    return null;
  }

  @Test
  void wrongTokenFloodsAreBannedPerAddressWhileOthersAuthenticate() throws Exception {
    startNodes(1);
    ChannelServer server = start(0, new JsonObject().put("token", TOKEN)
        .put("authFailureLimit", 3).put("authBanTime", 60_000));
    String attacker = "127.0.0.2";
    for (int i = 0; i < 20; i++) {
      try (RawClient guess = new RawClient(attacker, server.actualPort())) {
        guess.send(auth("guess-number-" + i + "-xxxxxxxx"));
        JsonObject answer = guess.read();
        assertThat(answer.getString("code")).isEqualTo("AUTH_FAILED");
        assertThat(answer.getString("message")).isEqualTo(i < 3 ? "wrong token"
            : "too many failed attempts from this address; try again later");
        assertThat(guess.closedByServer()).isTrue();
      }
    }
    // banned: not even the right token is checked from there
    try (RawClient banned = new RawClient(attacker, server.actualPort())) {
      banned.send(auth(TOKEN));
      assertThat(banned.read().getString("code")).isEqualTo("AUTH_FAILED");
    }
    // another address authenticates
    try (RawClient other = new RawClient("127.0.0.1", server.actualPort())) {
      other.send(auth(TOKEN));
      assertThat(other.read()).isEqualTo(new JsonObject().put("type", "ack").put("id", 1));
    }
    JsonObject stats = server.stats();
    assertThat(stats.getLong("authFailures")).isEqualTo(3);
    assertThat(stats.getLong("authBanned")).isEqualTo(18);
    assertThat(stats.getInteger("bannedAddresses")).isEqualTo(1);
  }
}
