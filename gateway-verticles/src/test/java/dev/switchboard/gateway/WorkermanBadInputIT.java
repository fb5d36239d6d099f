package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.workerman.GatewayCommand;
import dev.switchboard.gateway.impl.workerman.GatewayPacket;
import dev.switchboard.gateway.impl.workerman.GatewayProtocol;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.LogCapture;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static dev.switchboard.gateway.GatewayClientScript.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on GatewayWorker's inner listener: each case closes the offending connection with
 * its reason logged, and nothing else is disturbed: a PHP GatewayClient connected before (kept
 * open) and a new one still push to a client of the gateway, which stays connected.
 */
class WorkermanBadInputIT {

  private static final String SECRET = "the-secret";

  private GatewayHarness gateway;
  private LogCapture log;
  private RawSocket client;
  private String clientId;
  private Socket healthy;

  private void start(Consumer<GatewayWorkermanOptions> configure) throws Exception {
    log = new LogCapture("dev.switchboard.gateway.impl.workerman");
    GatewayWorkermanOptions workerman = new GatewayWorkermanOptions().setPort(0)
        .setSecretKey(SECRET);
    configure.accept(workerman);
    gateway = new GatewayHarness(options -> options.setWorkerman(workerman));
    client = new RawSocket(gateway.framePort());
    clientId = gateway.recorder.nextConnection().id();
    healthy = connect();
    send(healthy, auth(SECRET));
  }

  @AfterEach
  void stop() throws Exception {
    if (healthy != null) {
      healthy.close();
    }
    if (client != null) {
      client.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (log != null) {
      log.close();
    }
  }

  private int port() {
    String address = gateway.verticle.workermanAddress();
    return Integer.parseInt(address.substring(address.indexOf(':') + 1));
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, Buffer bytes) throws Exception {
    socket.getOutputStream().write(bytes.getBytes());
    socket.getOutputStream().flush();
  }

  private static Buffer auth(String secret) {
    return GatewayProtocol.encode(GatewayPacket.of(GatewayCommand.GATEWAY_CLIENT_CONNECT, 0,
        Buffer.buffer(), Buffer.buffer(new JsonObject().put("secret_key", secret).encode())));
  }

  private static Buffer packet(int cmd, long connection, String ext, String body) {
    return GatewayProtocol.encode(GatewayPacket.of(cmd, connection, Buffer.buffer(ext),
        Buffer.buffer(body)));
  }

  /** Sends bytes on a new connection; asserts the gateway closes it and logs the reason. */
  private void assertClosedFor(Buffer bytes, String reason) throws Exception {
    try (Socket socket = connect()) {
      send(socket, bytes);
      InputStream in = socket.getInputStream();
      assertThat(in.readAllBytes()).as("nothing sent back before the close").isEmpty();
    }
    Await.condition(gateway.vertx, 20, () -> Future.succeededFuture(
        log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains(reason))));
    assertUndisturbed();
  }

  /** The healthy connection and a new PHP GatewayClient still reach the client. */
  private void assertUndisturbed() throws Exception {
    send(healthy, packet(GatewayCommand.SEND_TO_ONE, connectionOf(clientId), "", "kept"));
    assertThat(client.readFrame()).isEqualTo("kept");
    GatewayClientScript php = new GatewayClientScript(List.of(gateway.verticle
        .workermanAddress()), SECRET);
    php.run(call("sendToClient", clientId, "still served"));
    assertThat(client.readFrame()).isEqualTo("still served");
    assertThat(php.one("getAllClientIdCount")).isEqualTo(1);
  }

  private static long connectionOf(String id) {
    return Long.parseLong(id.substring(12), 16);
  }

  @Test
  void malformedHeaderCloses() throws Exception {
    start(o -> { });
    Buffer shortPacket = Buffer.buffer().appendUnsignedInt(10).appendBytes(new byte[6]);
    assertClosedFor(auth(SECRET).appendBuffer(shortPacket), "shorter than the 28-byte header");
  }

  @Test
  void extLenPastThePacketCloses() throws Exception {
    start(o -> { });
    Buffer bad = packet(GatewayCommand.JOIN_GROUP, 1, "g", "");
    bad.setUnsignedInt(24, 1000);
    assertClosedFor(auth(SECRET).appendBuffer(bad), "ext_len 1000 runs past");
  }

  @Test
  void oversizePacketClosesFromItsHeader() throws Exception {
    start(o -> o.setMaxPackageSize(1024));
    assertClosedFor(Buffer.buffer().appendUnsignedInt(2_000_000_000L),
        "frame length 2000000000 is over maxPackageSize 1024");
  }

  @Test
  void wrongSecretCloses() throws Exception {
    start(o -> { });
    assertClosedFor(auth("guess"), "wrong secret_key");
    // the same from PHP: its run ends at the close
    GatewayClientScript php = new GatewayClientScript(List.of(gateway.verticle
        .workermanAddress()), "guess");
    try (PhpProcess run = php.start(call("getAllClientIdCount"))) {
      assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
      run.awaitLine(line -> line.startsWith("closed"), Duration.ofSeconds(10));
      assertThat(run.lines()).containsExactly("closed " + gateway.verticle.workermanAddress());
    }
    assertUndisturbed();
  }

  @Test
  void commandBeforeTheSecretCloses() throws Exception {
    start(o -> { });
    assertClosedFor(packet(GatewayCommand.SEND_TO_ALL, 0, "", "sneaky"),
        "command 6 before CMD_GATEWAY_CLIENT_CONNECT");
  }

  @Test
  void unknownCommandCloses() throws Exception {
    start(o -> { });
    assertClosedFor(auth(SECRET).appendBuffer(packet(99, 0, "", "")), "unknown command 99");
  }

  @Test
  void sessionThatIsNotPlainSerializeCloses() throws Exception {
    start(o -> { });
    String object = "O:8:\"stdClass\":0:{}";
    assertClosedFor(auth(SECRET).appendBuffer(packet(GatewayCommand.SET_SESSION,
        connectionOf(clientId), object, "")), "is not PHP serialize() of a plain value");
    GatewayClientScript php = new GatewayClientScript(List.of(gateway.verticle
        .workermanAddress()), SECRET);
    assertThat(php.one("getSession", clientId)).as("the session as it was").isEqualTo(
        new JsonArray());
  }

  @Test
  void silenceWithoutTheSecretCloses() throws Exception {
    start(o -> o.setAuthTimeout(200));
    assertClosedFor(Buffer.buffer(), "within 200 ms (authTimeout)");
  }

  @Test
  void addressOutsidePhpClientsFromIsRefused() throws Exception {
    log = new LogCapture("dev.switchboard.gateway.impl.workerman");
    gateway = new GatewayHarness(options -> options.setWorkerman(new GatewayWorkermanOptions()
        .setPort(0).setPhpClientsFrom(List.of("10.0.0.0/8"))));
    try (Socket socket = connect()) {
      send(socket, packet(GatewayCommand.PING, 0, "", ""));
      assertThat(socket.getInputStream().readAllBytes()).isEmpty();
    }
    Await.condition(gateway.vertx, 20, () -> Future.succeededFuture(log.lines()
        .stream().anyMatch(line -> line.contains("not in workerman.phpClientsFrom"))));
  }

  @Test
  void connectionsBeyondTheMaximumAreRefused() throws Exception {
    start(o -> o.setMaxConnections(1)); // the healthy one holds it
    try (Socket socket = connect()) {
      assertThat(socket.getInputStream().readAllBytes()).isEmpty();
    }
    Await.condition(gateway.vertx, 20, () -> Future.succeededFuture(log.lines()
        .stream().anyMatch(line -> line.contains("(workerman.maxConnections)"))));
    send(healthy, packet(GatewayCommand.SEND_TO_ONE, connectionOf(clientId), "", "kept"));
    assertThat(client.readFrame()).isEqualTo("kept");
  }
}
