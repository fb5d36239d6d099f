package dev.switchboard.gateway;

import dev.switchboard.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol (v1 and v2) on the gateway's TCP ports and HTTP port, with the header bytes
 * written by the test over a raw socket: the client it names is the connection's address when the
 * TCP peer (always 127.0.0.1 here) is a trusted proxy; an untrusted peer, a malformed header and
 * a missing one close the connection, and the application never sees it.
 */
class ProxyProtocolIT {

  private static final byte[] V2_SIGNATURE = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51,
      0x55, 0x49, 0x54, 0x0a};

  private static byte[] v1(String line) {
    return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A v2 header: PROXY over TCP from source to destination (both IPv4 or both IPv6). */
  private static byte[] v2(String source, int sourcePort, String destination, int destinationPort)
      throws IOException {
    byte[] from = InetAddress.getByName(source).getAddress();
    byte[] to = InetAddress.getByName(destination).getAddress();
    ByteBuffer header = ByteBuffer.allocate(16 + 2 * from.length + 4).put(V2_SIGNATURE)
        .put((byte) 0x21) // version 2, PROXY
        .put((byte) (from.length == 4 ? 0x11 : 0x21)) // TCP over IPv4 / IPv6
        .putShort((short) (2 * from.length + 4)).put(from).put(to)
        .putShort((short) sourcePort).putShort((short) destinationPort);
    return header.array();
  }

  /** A v2 header for UDP over IPv4. */
  private static byte[] udp() {
    return ByteBuffer.allocate(28).put(V2_SIGNATURE).put((byte) 0x21).put((byte) 0x12)
        .putShort((short) 12).put(new byte[] {(byte) 203, 0, 113, 7, 10, 0, 0, 1})
        .putShort((short) 5000).putShort((short) 53).array();
  }

  /** A v2 LOCAL header (a proxy's own connection, e.g. its health check): no address. */
  private static byte[] v2Local() {
    return ByteBuffer.allocate(16).put(V2_SIGNATURE).put((byte) 0x20).put((byte) 0)
        .putShort((short) 0).array();
  }

  private static GatewayHarness gateway(String trusted) {
    GatewayHarness gateway = new GatewayHarness(o -> o.setTrustedProxies(List.of(trusted))
        .setProxyProtocol(true).setHttpProxyProtocol(true).setHandshakeTimeout(500));
    Clients.echo(gateway);
    return gateway;
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(20_000);
    return socket;
  }

  /** Asserts the server closes the socket (within the read timeout) without sending a byte. */
  private static void assertClosedSilently(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      assertThat(in.read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the gateway did not close the connection", e);
    } catch (IOException reset) {
      // closed with a reset: also closed
    }
  }

  /** Sends a PROXY header then a frame on the frame port; expects the frame echoed. */
  private static Connection frameThroughProxy(GatewayHarness gateway, byte[] header)
      throws Exception {
    try (Socket socket = connect(gateway.framePort())) {
      socket.getOutputStream().write(header);
      socket.getOutputStream().write(RawSocket.frame("hello"));
      byte[] echo = socket.getInputStream().readNBytes(9);
      assertThat(new String(echo, 4, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
      return gateway.recorder.nextConnection();
    }
  }

  @Test
  void aTrustedProxyNamesTheClientOnTheTcpPorts() throws Exception {
    try (GatewayHarness gateway = gateway("127.0.0.0/8")) {
      Connection v1 = frameThroughProxy(gateway,
          v1("PROXY TCP4 203.0.113.7 10.0.0.1 56324 8283"));
      assertThat(v1.remoteAddress().hostAddress()).isEqualTo("203.0.113.7");
      assertThat(v1.remoteAddress().port()).isEqualTo(56324);

      Connection v1six = frameThroughProxy(gateway,
          v1("PROXY TCP6 2001:db8::7 2001:db8::1 41000 8283"));
      assertThat(v1six.remoteAddress().hostAddress())
          .isEqualTo(InetAddress.getByName("2001:db8::7").getHostAddress());
      assertThat(v1six.remoteAddress().port()).isEqualTo(41000);

      Connection v2 = frameThroughProxy(gateway, v2("198.51.100.9", 50001, "10.0.0.1", 8283));
      assertThat(v2.remoteAddress().hostAddress()).isEqualTo("198.51.100.9");
      assertThat(v2.remoteAddress().port()).isEqualTo(50001);

      Connection v2six = frameThroughProxy(gateway, v2("2001:db8::99", 50002, "2001:db8::1", 1));
      assertThat(v2six.remoteAddress().hostAddress())
          .isEqualTo(InetAddress.getByName("2001:db8::99").getHostAddress());

      // the proxy's own connection (LOCAL, PROXY UNKNOWN): the peer's address
      assertThat(frameThroughProxy(gateway, v2Local()).remoteAddress().hostAddress())
          .isEqualTo("127.0.0.1");
      assertThat(frameThroughProxy(gateway, v1("PROXY UNKNOWN")).remoteAddress().hostAddress())
          .isEqualTo("127.0.0.1");

      // the text port, and what the status listener lists
      try (Socket text = connect(gateway.textPort())) {
        text.getOutputStream().write(v1("PROXY TCP4 192.0.2.44 10.0.0.1 1234 8284"));
        text.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(text.getInputStream().readNBytes(3), StandardCharsets.US_ASCII))
            .isEqualTo("hi\n");
        Connection connection = gateway.recorder.nextConnection();
        assertThat(connection.remoteAddress().hostAddress()).isEqualTo("192.0.2.44");
        assertThat(gateway.connections().encode()).contains("\"remoteAddress\":\"192.0.2.44:1234\"");
      }
      assertThat(gateway.counter("proxyRefused")).isZero();
    }
  }

  @Test
  void aTrustedProxyNamesTheClientOnTheHttpPort() throws Exception {
    try (GatewayHarness gateway = gateway("127.0.0.1/32");
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 10_000);
      socket.getOutputStream().write(v2("203.0.113.70", 40000, "10.0.0.1", 443));
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + Clients.UPGRADE_HEADERS + "\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(20_000);
      assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 101");
      Connection connection = gateway.recorder.nextConnection();
      assertThat(connection.remoteAddress().hostAddress()).isEqualTo("203.0.113.70");
      assertThat(connection.remoteAddress().port()).isEqualTo(40000);
    }
  }

  @Test
  void anUntrustedPeerIsClosed() throws Exception {
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.GatewayServer");
        GatewayHarness gateway = gateway("10.0.0.0/8")) {
      for (int port : new int[] {gateway.framePort(), gateway.textPort(), gateway.port()}) {
        try (Socket socket = connect(port)) {
          socket.getOutputStream().write(v1("PROXY TCP4 203.0.113.7 10.0.0.1 56324 8283"));
          socket.getOutputStream().write(RawSocket.frame("hello"));
          assertClosedSilently(socket);
        }
      }
      assertThat(gateway.counter("proxyRefused")).isEqualTo(3);
      assertThat(gateway.counter("connectionsTotal")).isZero();
      assertThat(gateway.counter("httpConnections")).isZero();
      assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith(
          "WARN Gateway refused a connection to its frame port from 127.0.0.1:")
          .endsWith("a PROXY protocol header from a peer not in trustedProxies"));
    }
  }

  @Test
  void aMalformedHeaderIsClosedWithItsReason() throws Exception {
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.GatewayServer");
        GatewayHarness gateway = gateway("127.0.0.0/8")) {
      List<byte[]> bad = List.of(v1("PROXY TCP4 203.0.113.999 10.0.0.1 1 2"),
          v1("PROXY TCP4 nonsense"),
          "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), // no header
          ("PROXY TCP4 " + "1".repeat(120)).getBytes(StandardCharsets.US_ASCII), // too long
          ByteBuffer.allocate(16).put(V2_SIGNATURE).put((byte) 0x31).put((byte) 0x11)
              .putShort((short) 0).array(), // version 3
          udp()); // a datagram protocol: nothing a TCP port serves
      for (byte[] header : bad) {
        try (Socket socket = connect(gateway.framePort())) {
          socket.getOutputStream().write(header);
          assertClosedSilently(socket);
        }
      }
      try (Socket socket = connect(gateway.port())) {
        socket.getOutputStream().write(bad.get(1));
        assertClosedSilently(socket);
      }
      assertThat(gateway.counter("proxyRefused")).isEqualTo(bad.size() + 1);
      assertThat(gateway.counter("connectionsTotal")).isZero();
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("INFO Gateway closed a connection to its frame port: bad PROXY protocol"
              + " header: "));
    }
    // without the option, the ports take no header: unchanged
    try (GatewayHarness plain = new GatewayHarness()) {
      Clients.echo(plain);
      Clients.assertServing(plain);
    }
  }

  @Test
  void aConnectionWithoutAHeaderIsClosedAfterTheHandshakeTimeout() throws Exception {
    try (GatewayHarness gateway = gateway("127.0.0.0/8")) {
      for (int port : new int[] {gateway.framePort(), gateway.port()}) {
        long start = System.nanoTime();
        try (Socket socket = connect(port)) {
          socket.getOutputStream().write("PROX".getBytes(StandardCharsets.US_ASCII));
          assertClosedSilently(socket);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsed).isGreaterThanOrEqualTo(450).isLessThan(15_000);
      }
      assertThat(gateway.counter("connectionsTotal")).isZero();
      // a proxy that sends its header in pieces is served
      try (Socket socket = connect(gateway.framePort())) {
        byte[] header = v1("PROXY TCP4 203.0.113.5 10.0.0.1 5 6");
        socket.getOutputStream().write(header, 0, 7);
        socket.getOutputStream().flush();
        socket.getOutputStream().write(header, 7, header.length - 7);
        socket.getOutputStream().write(RawSocket.frame("late"));
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        echo.write(socket.getInputStream().readNBytes(8));
        assertThat(echo.toString(StandardCharsets.UTF_8)).endsWith("late");
        assertThat(gateway.recorder.nextConnection().remoteAddress().hostAddress())
            .isEqualTo("203.0.113.5");
      }
    }
  }
}
