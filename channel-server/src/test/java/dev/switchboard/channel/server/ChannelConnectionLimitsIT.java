package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel server's connection limits against a client that opens sockets and sends nothing:
 * one beyond {@code maxConnections}, or beyond {@code maxConnectionsPerAddress} from its address,
 * is closed at once and counted, and the clients already connected are served.
 */
class ChannelConnectionLimitsIT extends ClusteredTestBase {

  private static final JsonObject PONG = new JsonObject().put("type", "pong");
  private final ChannelHarness harness = new ChannelHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void socketsBeyondMaxConnectionsAreRefused() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0),
        new ChannelServerOptions().setMaxConnections(3)
        // pings before a first request get pongs only where PHP clients are not allowed
        .setPhpClientsFrom(List.of()));
    ChannelClient healthy = harness.remote(cluster.vertx(0), server);
    Await.result(healthy.publish("x", 1));
    List<RawClient> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        idle.add(new RawClient(server.actualPort()));
      }
      try (RawClient refused = new RawClient(server.actualPort())) {
        assertThat(refused.closedByServer()).isTrue();
      }
      assertThat(server.stats().getLong("refused")).isEqualTo(1);
      Await.result(healthy.publish("x", 2));
    } finally {
      for (RawClient client : idle) {
        client.close();
      }
    }
    // below the limit again once the idle sockets are gone
    Await.condition(cluster.vertx(0), 20, () -> cluster.vertx(0).executeBlocking(() ->
        server.stats().getLong("connections") == 1));
    try (RawClient again = new RawClient(server.actualPort())) {
      assertThat(again.send(new byte[] {0, 0, 0, 4}).read()).isEqualTo(PONG);
    }
  }

  @Test
  void socketsBeyondThePerAddressLimitAreRefused() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0),
        new ChannelServerOptions().setMaxConnectionsPerAddress(2)
        // pings before a first request get pongs only where PHP clients are not allowed
        .setPhpClientsFrom(List.of()));
    try (RawClient first = new RawClient(server.actualPort());
        RawClient second = new RawClient(server.actualPort())) {
      try (RawClient third = new RawClient(server.actualPort())) {
        assertThat(third.closedByServer()).isTrue();
      }
      try (Socket other = new Socket()) {
        other.bind(new InetSocketAddress("127.0.0.2", 0));
        other.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 10_000);
        other.setSoTimeout(10_000);
        other.getOutputStream().write(new byte[] {0, 0, 0, 4});
        DataInputStream in = new DataInputStream(other.getInputStream());
        byte[] pong = new byte[in.readInt() - 4];
        in.readFully(pong);
        assertThat(new JsonObject(new String(pong, java.nio.charset.StandardCharsets.UTF_8)))
            .isEqualTo(PONG);
      }
      assertThat(first.send(new byte[] {0, 0, 0, 4}).read()).isEqualTo(PONG);
      assertThat(server.stats().getLong("refused")).isEqualTo(1);
    }
  }
}
