package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragmented WebSocket messages, sent frame by frame on a raw socket: joined whole up to {@code
 * maxPackageSize}, with control frames between the fragments answered at once; every frame counts
 * as it arrives; fragments that break RFC 6455 close the connection with 1002, a message over the
 * limit with 1009.
 */
class WebSocketFragmentsIT {

  private static final int MAX = 1024;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  private GatewayHarness gateway;
  private Recorder recorder;

  @BeforeEach
  void start() {
    gateway = new GatewayHarness(o -> o.setMaxPackageSize(MAX));
    recorder = gateway.recorder;
    Clients.echo(gateway);
  }

  @AfterEach
  void stop() throws Exception {
    Clients.assertServing(gateway);
    recorder.closeCounts().values().forEach(count -> assertThat(count.get()).isEqualTo(1));
    gateway.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void assertClosedFor(CloseReason reason) throws Exception {
    Connection connection = recorder.nextClosed();
    assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(reason);
  }

  @Test
  void aMessageInManyFragmentsWithPingsBetweenArrivesWholeAtExactlyTheMax() throws Exception {
    int parts = 64; // 64 fragments of 16 bytes: exactly MAX
    StringBuilder sent = new StringBuilder();
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < parts; i++) {
        String part = String.format("part %02d of 64...", i);
        sent.append(part);
        out.write(Clients.maskedFrame(i == parts - 1, i == 0 ? TEXT : CONTINUATION, bytes(part)));
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
      Clients.ServerFrame echoed = Clients.readFrame(in);
      assertThat(echoed.text()).hasSize(MAX).isEqualTo(sent.toString());
      assertThat(recorder.nextMessage()).isEqualTo(sent.toString());
    }
    assertClosedFor(CloseReason.PEER);
    assertThat(gateway.counter("totalRequest")).isEqualTo(1);
  }

  @Test
  void eachFragmentCountsWhenItArrivesAndAWaitingMessageIsInRecvQ() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      Connection connection = recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(false, TEXT, bytes("first ")));
      out.write(Clients.maskedFrame(false, CONTINUATION, bytes("second ")));
      out.flush();
      Await.condition(gateway.vertx, 10,
          () -> Future.succeededFuture(connection.bytesRead() == 13));
      assertThat(gateway.connections().getJsonObject(0).getInteger("recvQ")).isEqualTo(13);
      assertThat(recorder.drainMessages()).isEmpty();
      out.write(Clients.maskedFrame(true, CONTINUATION, bytes("third")));
      out.flush();
      assertThat(recorder.nextMessage()).isEqualTo("first second third");
      assertThat(gateway.connections().getJsonObject(0).getInteger("recvQ")).isZero();
    }
    assertClosedFor(CloseReason.PEER);
  }

  @Test
  void aFragmentedMessageOneByteOverTheMaxIsClosedWith1009() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(false, TEXT, new byte[MAX / 2]));
      out.write(Clients.maskedFrame(false, CONTINUATION, new byte[MAX / 2]));
      out.write(Clients.maskedFrame(true, CONTINUATION, new byte[1]));
      assertThat(Clients.closeStatus(socket)).isEqualTo(1009);
    }
    assertClosedFor(CloseReason.TOO_LARGE);
    assertThat(gateway.counter("tooLarge")).isEqualTo(1);
    assertThat(gateway.counter("protocolErrors")).isZero();
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aContinuationWithoutAFirstFrameIsAProtocolError() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(TEXT, bytes("whole")));
      out.write(Clients.maskedFrame(true, CONTINUATION, bytes("stray")));
      assertThat(Clients.readFrame(socket.getInputStream()).text()).isEqualTo("whole");
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(1);
    assertThat(recorder.nextMessage()).isEqualTo("whole");
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aMessageBegunInsideAFragmentedOneIsAProtocolError() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      OutputStream out = socket.getOutputStream();
      out.write(Clients.maskedFrame(false, TEXT, bytes("begun ")));
      out.write(Clients.maskedFrame(true, TEXT, bytes("another")));
      out.write(Clients.maskedFrame(true, CONTINUATION, bytes("end")));
      assertThat(Clients.closeStatus(socket)).isEqualTo(1002);
    }
    assertClosedFor(CloseReason.PROTOCOL_ERROR);
    assertThat(gateway.counter("protocolErrors")).isEqualTo(1);
    assertThat(recorder.drainMessages()).isEmpty();
  }

  @Test
  void aClientGoneInTheMiddleOfAFragmentedMessageIsNoException() throws Exception {
    try (Socket socket = Clients.rawWebSocket(gateway.port())) {
      recorder.nextConnection();
      socket.getOutputStream().write(Clients.maskedFrame(false, TEXT, bytes("never ended")));
    }
    assertClosedFor(CloseReason.PEER);
    assertThat(gateway.counter("exceptions")).isZero();
    assertThat(recorder.drainMessages()).isEmpty();
  }
}
