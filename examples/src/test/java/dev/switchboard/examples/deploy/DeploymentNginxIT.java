package dev.switchboard.examples.deploy;

import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.FreePorts;
import dev.switchboard.testkit.Nginx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nginx configuration of {@code docs/deployment.md}, read from the guide, run by the real
 * nginx (Debian's, which {@code bin/test} installs; without it the test fails saying so):
 * {@code nginx -t} accepts it as written (its certificate paths pointed to ones {@code
 * bin/make-certs} makes), and, its addresses moved to loopback, it proxies a TLS WebSocket to a
 * real gateway node deployed from the guide's {@code gateway.json} and {@code business.json}
 * (nginx's trusted address moved from 10.0.0.10 to 127.0.0.1). The client connects from
 * 127.0.0.2 with a forged {@code X-Forwarded-For}, gets the chat business's welcome through nginx,
 * and the gateway's status listener lists it under 127.0.0.2.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeploymentNginxIT {

  private static final String CLIENT_ADDRESS = "127.0.0.2";

  private final DeploymentDoc doc = DeploymentDoc.load();
  @TempDir
  Path dir;
  private Nginx nginx;
  private ClusterNodes cluster;

  @BeforeEach
  void certificates() throws Exception {
    Certificates.make(dir.resolve("tls"), "ws");
  }

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The guide's conf.d file with its certificate paths pointed to the test's. */
  private String site() {
    return doc.text("nginx-switchboard.conf")
        .replace("/etc/nginx/tls/ws.example.com.pem", dir.resolve("tls/ws.pem").toString())
        .replace("/etc/nginx/tls/ws.example.com.key", dir.resolve("tls/ws.key").toString());
  }

  /**
   * Writes a main configuration of the guide's main block, and an http block including the
   * site (as Debian's nginx.conf includes conf.d).
   */
  private Path mainConfiguration(String site) throws IOException {
    Path sitePath = dir.resolve("switchboard.conf");
    Files.writeString(sitePath, site);
    return Nginx.writeConfiguration(dir, doc.text("nginx-main.conf"),
        "  include " + sitePath + ";\n");
  }

  @Test
  void nginxAcceptsTheGuidesConfigurationAsWritten() throws Exception {
    assertThat(Nginx.binary()).as(Nginx.missingReason()).isPresent();
    String result = Nginx.test(dir, mainConfiguration(site()));
    assertThat(result).startsWith("0: ").contains("syntax is ok", "test is successful");
  }

  @Test
  void aWebSocketThroughNginxReachesTheGatewayAsTheBrowsersAddress() throws Exception {
    cluster = ClusterNodes.start(1);
    Vertx vertx = cluster.vertx(0);
    JsonObject business = doc.json("business.json");
    int businessInstances = Integer.parseInt(doc.environment("business.env").get("INSTANCES"));
    Await.result(vertx.deployVerticle(BusinessVerticle.class.getName(), new DeploymentOptions()
        .setConfig(business).setInstances(businessInstances)));
    JsonObject gatewayConfig = doc.json("gateway.json").put("host", "127.0.0.1").put("port", 0)
        .put("statusPort", 0).put("trustedProxies", new JsonArray().add("127.0.0.1/32"));
    GatewayVerticle gateway = new GatewayVerticle();
    Await.result(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(gatewayConfig)));

    assertThat(Nginx.binary()).as(Nginx.missingReason()).isPresent();
    int nginxPort = FreePorts.loopback();
    String site = site().replace("listen 443 ssl;", "listen 127.0.0.1:" + nginxPort + " ssl;")
        .replaceAll("server 10\\.0\\.0\\.\\d+:8282", "server 127.0.0.1:" + gateway.actualPort());
    nginx = Nginx.start(dir, mainConfiguration(site));

    // nginx listens moments after it starts: wait until it accepts, within a bound
    NetClient probe = vertx.createNetClient();
    Await.result(Await.until(vertx, 50, Duration.ofSeconds(30), () -> nginx.isAlive()
        ? probe.connect(nginxPort, "127.0.0.1").compose(socket -> socket.close()).map(true)
        : Future.succeededFuture(true)), Duration.ofSeconds(35), "nginx listening");
    assertThat(nginx.isAlive()).as("nginx is running: %s", nginx.log()).isTrue();

    String origin = gatewayConfig.getJsonArray("allowedOrigins").getString(0);
    try (TlsWebSocket client = TlsWebSocket.open(CLIENT_ADDRESS, nginxPort,
        dir.resolve("tls/ca.pem"), "Origin: " + origin + "\r\n"
            + "X-Forwarded-For: 203.0.113.66\r\n")) {
      assertThat(client.readHead()).startsWith("HTTP/1.1 101");
      JsonObject first = new JsonObject(client.readText());
      assertThat(first.getString("type")).as("the chat business's welcome through nginx")
          .isEqualTo("welcome");
      assertThat(connections(vertx, gateway.actualStatusPort()))
          .as("the gateway's connections").singleElement()
          .extracting(c -> ((JsonObject) c).getString("remoteAddress")).asString()
          // the browser's address, not nginx's (127.0.0.1) nor the forged one
          .startsWith(CLIENT_ADDRESS + ":");
    }
  }

  /** @return the status listener's {@code /status/connections} */
  private static JsonArray connections(Vertx vertx, int statusPort) {
    HttpClient http = vertx.createHttpClient();
    Buffer body = Await.result(http.request(HttpMethod.GET, statusPort, "127.0.0.1",
        "/status/connections").compose(request -> request.send())
        .compose(response -> response.body()));
    return new JsonArray(body);
  }

}
