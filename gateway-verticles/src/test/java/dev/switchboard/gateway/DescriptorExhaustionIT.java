package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of idle sockets against a gateway whose process may open few file descriptors
 * ({@code prlimit --nofile}): once descriptors run low the gateway refuses new connections (it
 * closes them at once, counted), and goes on serving the connections it has and its status
 * listener; when the flood ends it accepts again.
 */
class DescriptorExhaustionIT {

  private static final int DESCRIPTORS = 512;
  private static final Pattern READY =
      Pattern.compile(Pattern.quote(EchoGatewayMain.READY) + "(\\d+ \\d+ \\d+)");

  @Test
  void aSocketFloodIsRefusedWhileExistingClientsAndStatusAreServed() throws Exception {
    JsonObject config = new JsonObject().put("port", 0).put("textPort", 0).put("statusPort", 0)
        .put("handshakeTimeout", 120_000); // the flood stays until the test ends it
    List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + DESCRIPTORS + ":"
        + DESCRIPTORS, ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
        EchoGatewayMain.class.getName(), config.encode()));
    List<RawSocket> flood = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (NodeProcess gateway = NodeProcess.launch(new ProcessBuilder(command), READY)) {
      String[] ports = gateway.memberAddress().split(" ");
      int port = Integer.parseInt(ports[0]);
      int statusPort = Integer.parseInt(ports[1]);
      int textPort = Integer.parseInt(ports[2]);
      try (RawSocket client = new RawSocket(textPort)) {
        assertThat(client.sendLine("before").readLine()).isEqualTo("before");
        // more sockets than the process may have descriptors
        for (int i = 0; i < DESCRIPTORS + 100; i++) {
          flood.add(new RawSocket(port));
        }
        // some of the flood was refused (closed at once), what was admitted is below the limit,
        // and the client and the status listener are served all along
        assertThat(client.sendLine("during").readLine()).isEqualTo("during");
        int flooded = flood.size();
        // every socket of the flood is either admitted or refused in the end (the acceptor pauses
        // for a second each time the process runs out, so it can take a few)
        Await.condition(vertx, 200, () -> vertx.executeBlocking(() -> {
          JsonObject node = status(statusPort).getJsonObject("node");
          return node.getLong("httpConnections") + node.getLong("refused") == flooded;
        }));
        JsonObject node = status(statusPort).getJsonObject("node");
        assertThat(node.getLong("refused")).isPositive();
        assertThat(node.getLong("connections")).isEqualTo(1);
        assertThat(node.getLong("httpConnections")).isLessThan(DESCRIPTORS - 64);
        assertThat(client.sendLine("still").readLine()).isEqualTo("still");

        for (RawSocket socket : flood) {
          socket.close();
        }
        flood.clear();
        // accepted again once the flood has gone (the gateway samples descriptors every 100 ms)
        Await.condition(vertx, 100, () -> vertx.executeBlocking(() -> {
          try (java.net.Socket socket = new java.net.Socket()) {
            return Clients.handshake(socket, port, "").startsWith("HTTP/1.1 101");
          } catch (java.io.IOException refused) {
            return false;
          }
        }));
        assertThat(client.sendLine("after").readLine()).isEqualTo("after");
      }
    } finally {
      for (RawSocket socket : flood) {
        socket.close();
      }
      Await.result(vertx.close());
    }
  }

  private static JsonObject status(int statusPort) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + statusPort + "/status")).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
