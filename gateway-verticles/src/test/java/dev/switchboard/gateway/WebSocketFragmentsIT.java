package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragmented WebSocket messages, sent frame by frame on a raw socket: joined whole up to {@code
 * maxPackageSize}, with control frames between the fragments answered at once; every frame counts
 * as it arrives. (Fragments that break the rules: {@link BadInputIT}.)
 */
class WebSocketFragmentsIT {

  private static final int MAX = 1024;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static GatewayHarness echoGateway() {
    GatewayHarness gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX));
    Clients.echo(gateway);
    return gateway;
  }

  private static void assertClosedByPeer(GatewayHarness gateway) throws Exception {
    Connection connection = gateway.recorder.nextClosed();
    assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.PEER);
    assertThat(gateway.recorder.closeCount(connection.id())).isEqualTo(1);
  }

  @Test
  void aMessageInManyFragmentsWithPingsBetweenArrivesWholeAtExactlyTheMax() throws Exception {
    int parts = 64; // 64 fragments of 16 bytes: exactly MAX
    StringBuilder sent = new StringBuilder();
    try (GatewayHarness gateway = echoGateway()) {
      try (Socket socket = Clients.rawWebSocket(gateway.port())) {
        gateway.recorder.nextConnection();
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < parts; i++) {
          String part = String.format("part %02d of 64...", i);
          sent.append(part);
          out.write(Clients.maskedFrame(i == parts - 1, i == 0 ? TEXT : CONTINUATION,
              bytes(part)));
          if (i % 16 == 5) {
            out.write(Clients.maskedFrame(PING, bytes("ping " + i)));
          }
        }
        out.flush();
        InputStream in = socket.getInputStream();
        // the pongs come first: the message is echoed once its last fragment arrived
        for (int i = 5; i < parts; i += 16) {
          Clients.ServerFrame pong = Clients.readFrame(in);
          assertThat(pong.opcode()).isEqualTo(PONG);
          assertThat(pong.text()).isEqualTo("ping " + i);
        }
        assertThat(Clients.readFrame(in).text()).hasSize(MAX).isEqualTo(sent.toString());
        assertThat(gateway.recorder.nextMessage()).isEqualTo(sent.toString());
      }
      assertClosedByPeer(gateway);
      assertThat(gateway.counter("totalRequest")).isEqualTo(1);
      Clients.assertServing(gateway);
    }
  }

  @Test
  void eachFrameCountsWhenItArrivesAndAWaitingMessageIsInRecvQ() throws Exception {
    try (GatewayHarness gateway = echoGateway()) {
      try (Socket socket = Clients.rawWebSocket(gateway.port())) {
        Connection connection = gateway.recorder.nextConnection();
        OutputStream out = socket.getOutputStream();
        out.write(Clients.maskedFrame(TEXT, bytes("w1"))); // before any fragment: no joiner yet
        assertThat(gateway.recorder.nextMessage()).isEqualTo("w1");
        assertThat(connection.bytesRead()).isEqualTo(2);
        out.write(Clients.maskedFrame(false, TEXT, bytes("first ")));
        out.write(Clients.maskedFrame(false, CONTINUATION, bytes("second ")));
        out.flush();
        Await.condition(gateway.vertx, 10,
            () -> Future.succeededFuture(connection.bytesRead() == 15));
        assertThat(gateway.connections().getJsonObject(0).getInteger("recvQ")).isEqualTo(13);
        assertThat(gateway.recorder.drainMessages()).isEmpty();
        out.write(Clients.maskedFrame(true, CONTINUATION, bytes("third")));
        assertThat(gateway.recorder.nextMessage()).isEqualTo("first second third");
        assertThat(gateway.connections().getJsonObject(0).getInteger("recvQ")).isZero();
        // whole and fragmented messages after the first fragmented one: counted once each
        out.write(Clients.maskedFrame(TEXT, bytes("w2")));
        out.write(Clients.maskedFrame(false, TEXT, bytes("a")));
        out.write(Clients.maskedFrame(true, CONTINUATION, bytes("b")));
        assertThat(gateway.recorder.nextMessage()).isEqualTo("w2");
        assertThat(gateway.recorder.nextMessage()).isEqualTo("ab");
        assertThat(connection.bytesRead()).isEqualTo(24);
        assertThat(gateway.counter("bytesIn")).isEqualTo(24);
      }
      assertClosedByPeer(gateway);
    }
  }

  @Test
  void aClientGoneInTheMiddleOfAFragmentedMessageIsNoException() throws Exception {
    try (GatewayHarness gateway = echoGateway()) {
      try (Socket socket = Clients.rawWebSocket(gateway.port())) {
        gateway.recorder.nextConnection();
        socket.getOutputStream().write(Clients.maskedFrame(false, TEXT, bytes("never ended")));
      }
      assertClosedByPeer(gateway);
      assertThat(gateway.counter("exceptions")).isZero();
      assertThat(gateway.recorder.drainMessages()).isEmpty();
      Clients.assertServing(gateway);
    }
  }
}
