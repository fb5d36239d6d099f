package dev.switchboard.examples.deploy;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS on the channel port as {@code docs/deployment.md} configures it: a channel server deployed
 * from the guide's {@code channel.json} (address 127.0.0.1, an ephemeral port, the key and
 * certificate {@code bin/make-certs} makes for 127.0.0.1) and a client from its {@code
 * channel-client.json} (that server's address, the CA of those certificates, host names checked):
 * the client authenticates with the guide's token over TLS and gets back what it publishes; a
 * client without TLS is refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelTlsIT {

  private final DeploymentDoc doc = DeploymentDoc.load();
  @TempDir
  Path dir;
  private ClusterNodes cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aClientOfTheGuideTalksTlsToAServerOfTheGuide() throws Exception {
    Path tls = dir.resolve("tls");
    Certificates.make(tls, "sb1");

    cluster = ClusterNodes.start(1);
    Vertx vertx = cluster.vertx(0);
    JsonObject serverConfig = doc.json("channel.json").put("host", "127.0.0.1").put("port", 0)
        .put("pemKeyPath", tls.resolve("sb1.key").toString())
        .put("pemCertPath", tls.resolve("sb1.pem").toString());
    ChannelServerVerticle server = new ChannelServerVerticle();
    Await.result(vertx.deployVerticle(server, new DeploymentOptions().setConfig(serverConfig)));
    String address = "127.0.0.1:" + server.server().actualPort();

    JsonObject clientConfig = doc.json("channel-client.json")
        .put("servers", new JsonArray().add(address))
        .put("pemTrustPath", tls.resolve("ca.pem").toString());
    ChannelClient client = ChannelClient.create(vertx, new ChannelClientOptions(clientConfig));
    try {
      Await.result(client.connect());
      Promise<ChannelMessage> received = Promise.promise();
      Await.result(client.on("deploy-doc", received::tryComplete));
      Await.result(client.publish("deploy-doc", "over tls"));
      assertThat(Await.result(received.future(), Duration.ofSeconds(30), "the publish")
          .data().toString()).contains("over tls");
    } finally {
      Await.result(client.close());
    }

    ChannelClient plain = ChannelClient.create(vertx, new ChannelClientOptions(clientConfig.copy()
        .put("ssl", false).put("connectTimeout", 2000)));
    try {
      assertThat(Await.failure(plain.connect())).hasMessageContaining("FAILED");
    } finally {
      Await.result(plain.close());
    }
  }
}
