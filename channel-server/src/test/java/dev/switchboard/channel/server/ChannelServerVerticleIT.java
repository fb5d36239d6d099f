package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verticle as users deploy it (options from {@code config()}), with TLS and a token, used by a
 * plain Java client with its own Vert.x instance and no Vert.x code; and the heartbeat timeout.
 */
class ChannelServerVerticleIT extends ClusteredTestBase {

  private static String resource(String name) throws Exception {
    Path path = Paths.get(ChannelServerVerticleIT.class.getResource("/" + name).toURI());
    return path.toString();
  }

  @Test
  void tlsAndTokenFromConfigServeAPlainJavaClient() throws Exception {
    startNodes(1);
    ChannelServerVerticle verticle = new ChannelServerVerticle();
    Await.result(cluster.vertx(0).deployVerticle(verticle, new DeploymentOptions().setConfig(
        new JsonObject().put("port", 0).put("token", "t0ken-of-at-least-16").put("ssl", true)
            .put("pemKeyPath", resource("tls-key.pem"))
            .put("pemCertPath", resource("tls-cert.pem")))));
    int port = verticle.server().actualPort();
    ChannelClientOptions options = new ChannelClientOptions()
        .setServer("127.0.0.1:" + port).setToken("t0ken-of-at-least-16").setSsl(true)
        .setPemTrustPath(resource("tls-cert.pem"));

    ChannelClient client = ChannelClient.create(options);
    try {
      CompletableFuture<ChannelMessage> received = new CompletableFuture<>();
      client.on("plain", received::complete).toCompletionStage().toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      client.publish("plain", "over tls").toCompletionStage().toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      assertThat(received.get(20, TimeUnit.SECONDS).data()).isEqualTo("over tls");
      assertThat(client.status().toCompletionStage().toCompletableFuture()
          .get(20, TimeUnit.SECONDS).getLong("subscriptions")).isEqualTo(1);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    ChannelClient wrongToken = ChannelClient.create(cluster.vertx(0),
        new ChannelClientOptions(options).setToken("nope").setReconnectInitialDelay(50));
    try {
      assertThat(Await.failure(wrongToken.connect())).isInstanceOf(ChannelException.class)
          .hasMessageContaining("AUTH_FAILED");
    } finally {
      Await.result(wrongToken.close());
    }
    ChannelClient noTls = ChannelClient.create(cluster.vertx(0), new ChannelClientOptions(options)
        .setSsl(false).setConnectTimeout(2_000));
    try {
      assertThat(Await.failure(noTls.connect())).isInstanceOf(ChannelException.class);
    } finally {
      Await.result(noTls.close());
    }
    assertThat(verticle.server().stats().getLong("authFailures")).isEqualTo(1);
  }

  @Test
  void silentConnectionIsClosedAfterTheHeartbeatTimeout() throws Exception {
    startNodes(1);
    ChannelServerVerticle verticle = new ChannelServerVerticle();
    Await.result(cluster.vertx(0).deployVerticle(verticle, new DeploymentOptions().setConfig(
        new JsonObject().put("port", 0).put("heartbeatTimeout", 300))));
    ChannelServer server = verticle.server();
    try (RawClient silent = new RawClient(server.actualPort())) {
      assertThat(silent.closedByServer()).isTrue();
    }
    assertThat(server.stats().getLong("heartbeatCloses")).isEqualTo(1);
    ChannelClient pinging = ChannelClient.create(cluster.vertx(0), new ChannelClientOptions()
        .setServer("127.0.0.1:" + server.actualPort()).setPingInterval(60));
    try {
      Await.result(pinging.connect());
      long bytesIn = server.stats().getLong("bytesIn");
      // an idle client pings: ten pings (4 bytes each) span several heartbeat timeouts
      Await.condition(cluster.vertx(0), 20, () -> io.vertx.core.Future.succeededFuture(
          server.stats().getLong("bytesIn") >= bytesIn + 40));
      assertThat(pinging.state()).isEqualTo(ChannelClient.State.CONNECTED);
      assertThat(server.stats().getLong("heartbeatCloses")).isEqualTo(1);
      assertThat(server.stats().getLong("connections")).isEqualTo(1);
    } finally {
      Await.result(pinging.close());
    }
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("overflowPolicy",
        "LATER"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DROP or CLOSE");
  }
}
