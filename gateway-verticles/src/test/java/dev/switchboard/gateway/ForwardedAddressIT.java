package dev.switchboard.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's address of a WebSocket behind an HTTP proxy: the {@code Forwarded}, {@code
 * X-Forwarded-For} and {@code X-Real-IP} headers name it only when the TCP peer is one of the
 * {@code trustedProxies} (the tests' peer is always 127.0.0.1: trusted with 127.0.0.0/8, not with
 * 10.0.0.0/8). What {@code Connection.remoteAddress()} and {@code /status/connections} show is
 * asserted, as the application and an operator see it.
 */
class ForwardedAddressIT {

  private static final String SPOOFED = "X-Forwarded-For: 203.0.113.66\r\n"
      + "Forwarded: for=198.51.100.66\r\nX-Real-IP: 192.0.2.66\r\n";

  /** Opens a WebSocket with these extra header lines; returns the gateway's side of it. */
  private static Connection open(GatewayHarness gateway, List<Socket> sockets, String headers)
      throws Exception {
    Socket socket = new Socket();
    sockets.add(socket);
    assertThat(Clients.handshake(socket, gateway.port(), headers)).startsWith("HTTP/1.1 101");
    return gateway.recorder.nextConnection();
  }

  /** @return the connection's address in the status listener's {@code /status/connections} */
  private static String listed(GatewayHarness gateway, Connection connection) {
    JsonArray lines = gateway.connections();
    for (Object line : lines) {
      JsonObject json = (JsonObject) line;
      if (json.getString("id").equals(connection.id())) {
        return json.getString("remoteAddress");
      }
    }
    throw new AssertionError(connection.id() + " is not in " + lines.encode());
  }

  private static void close(List<Socket> sockets) throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void headersFromAnUntrustedPeerChangeNothing() throws Exception {
    for (List<String> trusted : List.of(List.<String>of(), List.of("10.0.0.0/8"))) {
      List<Socket> sockets = new ArrayList<>();
      try (GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(trusted))) {
        Connection connection = open(gateway, sockets, SPOOFED);
        assertThat(connection.remoteAddress().hostAddress()).as("trusted %s", trusted)
            .isEqualTo("127.0.0.1");
        assertThat(connection.remoteAddress().port()).isEqualTo(sockets.get(0).getLocalPort());
        assertThat(listed(gateway, connection)).isEqualTo("127.0.0.1:"
            + sockets.get(0).getLocalPort());
      } finally {
        close(sockets);
      }
    }
  }

  @Test
  void aTrustedProxyNamesTheClientInEachHeader() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(
        List.of("127.0.0.0/8", "10.0.0.0/8")))) {
      Connection xff = open(gateway, sockets, "X-Forwarded-For: 203.0.113.7\r\n");
      assertThat(xff.remoteAddress().hostAddress()).isEqualTo("203.0.113.7");
      assertThat(xff.remoteAddress().port()).isZero(); // the proxy named none
      assertThat(listed(gateway, xff)).isEqualTo("203.0.113.7:0");

      // several hops: trusted proxies are skipped from the right, what the client wrote before
      // its own address (a spoof) is not read
      Connection hops = open(gateway, sockets,
          "X-Forwarded-For: 6.6.6.6, 203.0.113.8\r\nX-Forwarded-For: 10.1.2.3, 127.0.0.9\r\n");
      assertThat(hops.remoteAddress().hostAddress()).isEqualTo("203.0.113.8");

      Connection forwarded = open(gateway, sockets,
          "Forwarded: for=\"[2001:db8:cafe::17]:4711\";proto=http, for=10.0.0.5\r\n"
              + "X-Forwarded-For: 203.0.113.9\r\n"); // Forwarded comes first
      assertThat(forwarded.remoteAddress().hostAddress())
          .isEqualTo(InetAddress.getByName("2001:db8:cafe::17").getHostAddress());
      assertThat(forwarded.remoteAddress().port()).isEqualTo(4711);
      assertThat(listed(gateway, forwarded)).contains("2001:db8").endsWith("4711");

      Connection realIp = open(gateway, sockets, "X-Real-IP: 192.0.2.10\r\n");
      assertThat(realIp.remoteAddress().hostAddress()).isEqualTo("192.0.2.10");

      // no header: the peer itself
      Connection direct = open(gateway, sockets, "");
      assertThat(direct.remoteAddress().hostAddress()).isEqualTo("127.0.0.1");
      assertThat(direct.remoteAddress().port()).isEqualTo(sockets.get(4).getLocalPort());
    } finally {
      close(sockets);
    }
  }

  @Test
  void logLinesAboutAClientNameItsAddress() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.GatewayServer");
        GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(
            List.of("127.0.0.0/8")).setMaxPackageSize(16))) {
      Connection connection = open(gateway, sockets, "X-Forwarded-For: 203.0.113.21\r\n");
      sockets.get(0).getOutputStream().write(Clients.maskedFrame(0x1, new byte[17]));
      gateway.recorder.awaitClosedOnce(connection);
      assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith(
          "INFO Gateway connection " + connection.id() + " from 203.0.113.21:0 closed: too_large"));
    } finally {
      close(sockets);
    }
  }

  @Test
  void onlyTheListedHeadersAreRead() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(
        List.of("127.0.0.1")).setForwardedHeaders(List.of("X-Forwarded-For")))) {
      // a proxy that sets X-Forwarded-For passes the client's own Forwarded on
      Connection connection = open(gateway, sockets, "Forwarded: for=198.51.100.66\r\n"
          + "X-Real-IP: 192.0.2.66\r\nX-Forwarded-For: 203.0.113.11\r\n");
      assertThat(connection.remoteAddress().hostAddress()).isEqualTo("203.0.113.11");
      Connection other = open(gateway, sockets, "Forwarded: for=198.51.100.66\r\n");
      assertThat(other.remoteAddress().hostAddress()).isEqualTo("127.0.0.1");
    } finally {
      close(sockets);
    }
  }

  @Test
  void aMalformedHeaderIsIgnoredAndTheHandshakeGoesOn() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    Logger logger = (Logger) LoggerFactory.getLogger("dev.switchboard.gateway.impl.ClientAddresses");
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try (LogCapture log = new LogCapture(logger.getName());
        GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(
            List.of("127.0.0.0/8")))) {
      Clients.echo(gateway);
      for (String bad : List.of("X-Forwarded-For: 203.0.113.7, evil.example\r\n",
          "X-Forwarded-For: " + "10.0.0.1,".repeat(40) + "203.0.113.7\r\n",
          "X-Forwarded-For: " + "1".repeat(5000) + "\r\n",
          "Forwarded: for=\"[2001:db8::1\r\nX-Forwarded-For: 203.0.113.7\r\n",
          "Forwarded: for=2001:db8::1\r\n",
          "X-Real-IP: 203.0.113.7\r\nX-Real-IP: 203.0.113.8\r\n")) {
        Connection connection = open(gateway, sockets, bad);
        assertThat(connection.remoteAddress().hostAddress()).as(bad).isEqualTo("127.0.0.1");
      }
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("DEBUG Gateway ignored the X-Forwarded-For header of a request from "
              + "127.0.0.1:").endsWith(": a hop is not an IP address"));
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .contains("ignored the Forwarded header").endsWith("an unterminated quoted string"));
      Clients.assertServing(gateway);
    } finally {
      logger.setLevel(level);
      close(sockets);
    }
  }

  @Test
  void theAddressLimitCountsEachClientBehindATrustedProxy() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(
        List.of("127.0.0.0/8")).setMaxConnectionsPerAddress(1))) {
      // two clients behind the one proxy address: one place each
      open(gateway, sockets, "X-Forwarded-For: 203.0.113.1\r\n");
      open(gateway, sockets, "X-Forwarded-For: 203.0.113.2\r\n");
      // a second from the first client's address is over its limit
      Socket third = new Socket();
      sockets.add(third);
      assertThat(Clients.handshake(third, gateway.port(), "X-Forwarded-For: 203.0.113.1\r\n"))
          .startsWith("HTTP/1.1 503").containsIgnoringCase("connection: close");
      assertThat(third.getInputStream().readAllBytes()).asString()
          .isEqualTo("too many connections\n");
      assertThat(gateway.counter("refused")).isEqualTo(1);
      assertThat(gateway.counter("connections")).isEqualTo(2);
      // the refused handshake held no place: once the first client has gone, it may come back
      sockets.get(0).close();
      gateway.recorder.nextClosed();
      open(gateway, sockets, "X-Forwarded-For: 203.0.113.1\r\n");
    } finally {
      close(sockets);
    }
    // an untrusted peer's header is not an address of its own: the limit is the peer's
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnectionsPerAddress(1))) {
      open(gateway, sockets, "X-Forwarded-For: 203.0.113.1\r\n");
      try (Socket second = new Socket()) {
        second.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()));
        // over the limit: sends nothing, so it is closed by the shedding timeout, unanswered
        assertThat(second.getInputStream().read()).isEqualTo(-1);
      }
    } finally {
      close(sockets);
    }
  }
}
