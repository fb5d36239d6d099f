package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the HTTP port by clients that open sockets and never finish a request (Slowloris):
 * each socket is closed after {@code handshakeTimeout}, counts toward {@code maxConnections} (and
 * {@code maxConnectionsPerAddress}) until then, and the gateway goes on serving legitimate
 * clients.
 */
class SlowlorisIT {

  /** Far longer than any test here: what is closed sooner was refused, not timed out. */
  private static final long LONG_TIMEOUT = 120_000;

  @Test
  void silentSocketIsClosedAfterTheHandshakeTimeout() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Clients.echo(gateway);
      long start = System.nanoTime();
      try (RawSocket silent = new RawSocket(gateway.port())) {
        assertThat(silent.readToEnd()).isEmpty(); // bounded by the socket's 20 s read timeout
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(GatewayOptions.DEFAULT_HANDSHAKE_TIMEOUT - 500));
      assertThat(gateway.counter("handshakeTimeouts")).isEqualTo(1);
      assertThat(gateway.counter("httpConnections")).isZero();
      Clients.assertServing(gateway);
    }
  }

  @Test
  void requestSentAByteASecondIsClosedAfterTheHandshakeTimeout() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setHandshakeTimeout(3_000))) {
      Clients.echo(gateway);
      // held to the end: Vert.x closes a client it finds unreachable, and its sockets with it
      NetClient client = gateway.clientVertx.createNetClient();
      NetSocket slow = Await.result(client.connect(gateway.port(), "127.0.0.1"));
      Promise<Void> closed = Promise.promise();
      slow.closeHandler(closed::tryComplete);
      slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      // the attack: one more byte of the header every second, never its end
      long drip = gateway.clientVertx.setPeriodic(1_000, t -> slow.write(Buffer.buffer("a")));
      long start = System.nanoTime();
      try {
        Await.result(closed.future(), Duration.ofSeconds(20), "the slow request's close");
      } finally {
        gateway.clientVertx.cancelTimer(drip);
        Await.result(client.close());
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(gateway.counter("handshakeTimeouts")).isEqualTo(1);
      Clients.assertServing(gateway);
    }
  }

  @Test
  void keptAliveHttpConnectionIdleAfterItsAnswerIsClosed() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setHandshakeTimeout(2_000));
        RawSocket client = new RawSocket(gateway.port())) {
      client.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
      String answer = new String(client.readToEnd());
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"node\"");
      assertThat(gateway.counter("handshakeTimeouts")).isEqualTo(1);
    }
  }

  @Test
  void halfOpenConnectionsCountTowardMaxConnections() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnections(4)
        .setHandshakeTimeout(LONG_TIMEOUT))) {
      Clients.echo(gateway);
      List<RawSocket> silent = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          silent.add(new RawSocket(gateway.port()));
        }
        Await.condition(gateway.vertx, 20, () -> gateway.vertx.executeBlocking(() ->
            gateway.counter("httpConnections") == 4));
        // the fifth, whatever its protocol, is refused: a silent one closed within the shedding
        // timeout (far below handshakeTimeout), the others told why
        try (RawSocket fifth = new RawSocket(gateway.port())) {
          assertThat(fifth.readToEnd()).isEmpty();
        }
        try (RawSocket frame = new RawSocket(gateway.framePort())) {
          assertThat(frame.readFrame()).contains("too_many_connections");
        }
        assertThat(SheddingIT.shedWebSocket(gateway)).isEqualTo(SheddingIT.SHED_CLOSE);
        assertThat(gateway.counter("refused")).isEqualTo(3);
        assertThat(gateway.counter("shed")).isEqualTo(2);
        assertThat(gateway.counter("connections")).isZero();
      } finally {
        for (RawSocket socket : silent) {
          socket.close();
        }
      }
      Await.condition(gateway.vertx, 20, () -> gateway.vertx.executeBlocking(() ->
          gateway.counter("httpConnections") == 0));
      Clients.assertServing(gateway);
    }
  }

  @Test
  void connectionsFromOneAddressBeyondTheLimitAreRefused() throws Exception {
    // 3: Clients.assertServing holds up to three connections at once (two closing, one opening)
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnectionsPerAddress(3)
        .setHandshakeTimeout(LONG_TIMEOUT))) {
      Clients.echo(gateway);
      try (RawSocket first = new RawSocket(gateway.port());
          RawSocket second = new RawSocket(gateway.port());
          RawSocket third = new RawSocket(gateway.port())) {
        try (RawSocket fourth = new RawSocket(gateway.port())) {
          assertThat(fourth.readToEnd()).isEmpty(); // silent: closed within the shedding timeout
        }
        try (Socket fifth = new Socket()) {
          assertThat(Clients.handshake(fifth, gateway.port(), "")).startsWith("HTTP/1.1 101");
          assertThat(SheddingIT.closeFrame(fifth.getInputStream()))
              .isEqualTo(SheddingIT.SHED_CLOSE);
        }
        try (RawSocket frame = new RawSocket(gateway.framePort())) {
          assertThat(frame.readFrame()).contains("too_many_connections");
        }
        // another address of the same host is not limited by 127.0.0.1's connections
        try (Socket other = new Socket()) {
          other.bind(new InetSocketAddress("127.0.0.2", 0));
          assertThat(Clients.handshake(other, gateway.port(), "")).startsWith("HTTP/1.1 101");
        }
        assertThat(gateway.counter("refused")).isEqualTo(3);
        assertThat(gateway.counter("shed")).isEqualTo(2);
      }
      Await.condition(gateway.vertx, 20, () -> gateway.vertx.executeBlocking(() ->
          gateway.counter("httpConnections") == 0 && gateway.counter("connections") == 0));
      Clients.assertServing(gateway);
    }
  }
}
