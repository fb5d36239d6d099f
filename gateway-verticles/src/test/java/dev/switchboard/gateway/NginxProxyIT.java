package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.FreePorts;
import dev.switchboard.testkit.Nginx;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's nginx in front of two gateways, proxying WebSockets with {@code X-Forwarded-For
 * $proxy_add_x_forwarded_for} as its documentation shows. The test's client connects from
 * 127.0.0.2 (a loopback address of its own), nginx from 127.0.0.1, so the gateway can tell them
 * apart. The first gateway trusts nginx only (127.0.0.1/32) and nginx, as docs/gateway.md
 * advises, clears the headers it does not set; the second trusts all of 127.0.0.0/8 and reads
 * {@code X-Forwarded-For} only. nginx is started by the test, from a configuration written to a
 * temporary directory; the test is skipped only when no nginx binary exists ({@code bin/test}
 * installs it).
 */
class NginxProxyIT {

  private static final String SPOOFS = "X-Forwarded-For: 203.0.113.66\r\n"
      + "Forwarded: for=198.51.100.66\r\nX-Real-IP: 192.0.2.66\r\n";

  private Path dir;
  private Nginx nginx;
  private GatewayHarness strict;
  private GatewayHarness loose;
  private int strictPort;
  private int loosePort;

  private static String server(int port, int gatewayPort, boolean clearOthers) {
    return "  server {\n"
        + "    listen 127.0.0.1:" + port + ";\n"
        + "    location / {\n"
        + "      proxy_pass http://127.0.0.1:" + gatewayPort + ";\n"
        + "      proxy_http_version 1.1;\n"
        + "      proxy_set_header Upgrade $http_upgrade;\n"
        + "      proxy_set_header Connection $connection_upgrade;\n"
        + "      proxy_set_header Host $host;\n"
        + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        + (clearOthers ? "      proxy_set_header Forwarded \"\";\n"
            + "      proxy_set_header X-Real-IP \"\";\n" : "")
        + "    }\n"
        + "  }\n";
  }

  @BeforeEach
  void startNginx() throws Exception {
    assumeTrue(Nginx.binary().isPresent(), Nginx.missingReason()
        + " to run the proxy test");
    strict = new GatewayHarness(o -> o.setTrustedProxies(List.of("127.0.0.1/32")));
    loose = new GatewayHarness(o -> o.setTrustedProxies(List.of("127.0.0.0/8"))
        .setForwardedHeaders(List.of("X-Forwarded-For")));
    Clients.echo(strict);
    Clients.echo(loose);
    dir = Files.createTempDirectory("nginx-proxy-it");
    strictPort = FreePorts.loopback();
    loosePort = FreePorts.loopback();
    Path conf = Nginx.writeConfiguration(dir, "worker_processes 1;\n"
        + "events { worker_connections 64; }\n",
        "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
        + server(strictPort, strict.port(), true)
        + server(loosePort, loose.port(), false));
    nginx = Nginx.start(dir, conf);
    NetClient probe = strict.clientVertx.createNetClient();
    try {
      Await.condition(strict.clientVertx, 20, () -> {
        if (!nginx.isAlive()) {
          throw new IllegalStateException("nginx exited: " + nginx.log());
        }
        return Future.all(probe.connect(strictPort, "127.0.0.1"),
            probe.connect(loosePort, "127.0.0.1")).compose(both -> {
              both.<io.vertx.core.net.NetSocket>list().forEach(s -> s.close());
              return Future.succeededFuture(true);
            });
      });
    } catch (IllegalStateException e) {
      throw new IllegalStateException("nginx did not start: " + nginx.log(), e);
    }
  }

  @AfterEach
  void stopNginx() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    for (GatewayHarness gateway : new GatewayHarness[] {strict, loose}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /**
   * Opens a WebSocket from 127.0.0.2 to the port with these extra headers, checks it echoes a
   * message through nginx, and returns the gateway's side of it.
   */
  private static Connection webSocket(GatewayHarness gateway, int port, String headers)
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      assertThat(Clients.handshake(socket, port, headers)).startsWith("HTTP/1.1 101");
      Connection connection = gateway.recorder.nextConnection();
      socket.getOutputStream().write(Clients.maskedFrame(0x1,
          "through nginx".getBytes(StandardCharsets.UTF_8)));
      InputStream in = socket.getInputStream();
      assertThat(Clients.readFrame(in).text()).isEqualTo("through nginx");
      JsonObject listed = gateway.connections().stream().map(JsonObject.class::cast)
          .filter(line -> line.getString("id").equals(connection.id())).findFirst().orElseThrow();
      assertThat(listed.getString("remoteAddress"))
          .startsWith(connection.remoteAddress().hostAddress() + ":");
      return connection;
    }
  }

  @Test
  void theGatewaySeesTheClientNginxForwarded() throws Exception {
    assertThat(webSocket(strict, strictPort, "").remoteAddress().hostAddress())
        .isEqualTo("127.0.0.2");
    // what the client sent is before nginx's entry (or cleared): the trust rules skip only
    // nginx, so the spoofs change nothing
    assertThat(webSocket(strict, strictPort, SPOOFS).remoteAddress().hostAddress())
        .isEqualTo("127.0.0.2");
    // straight to the gateway, the spoofing client is an untrusted peer
    assertThat(webSocket(strict, strict.port(), SPOOFS).remoteAddress().hostAddress())
        .isEqualTo("127.0.0.2");
  }

  @Test
  void aTrustedClientAddressPassesTheNextHopOn() throws Exception {
    // 127.0.0.2 is inside the trusted 127.0.0.0/8 here: the walk goes past it to what the client
    // named, and reads X-Forwarded-For only (the Forwarded nginx passed on is not read)
    assertThat(webSocket(loose, loosePort, SPOOFS).remoteAddress().hostAddress())
        .isEqualTo("203.0.113.66");
    assertThat(webSocket(loose, loosePort, "Forwarded: for=198.51.100.66\r\n").remoteAddress()
        .hostAddress()).isEqualTo("127.0.0.2");
  }
}
