package dev.switchboard.gateway;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close paths as transcripts of events: a destroy with bytes pending fires no drain, a slow
 * client keeps its reason, every graceful close sends the broadcasts queued before it, and a
 * paused WebSocket still sees its peer's close frame.
 */
class ClosePathsIT {

  private static final String MESSAGE = "m".repeat(1000);

  @Test
  void destroyWithBytesPendingFiresNoDrain() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        Socket client = Clients.rawWebSocket(gateway.port(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      Recorder.on(connection, () -> {
        fillUntilQueued(connection);
        recorder.record("DESTROY " + (connection.pendingBytes() > 0));
        connection.destroy();
        return null;
      });
      recorder.awaitClosedOnce(connection);
      assertThat(recorder.transcript()).containsExactly("DESTROY true", "CLOSE:destroyed");
      assertThat(gateway.counter("bufferDrain")).isZero();
      assertThat(gateway.counter("pendingBytes")).isZero();
    }
  }

  @Test
  void slowClientKeepsReasonSlowWhenTheApplicationSendsFromItsCallbacks() throws Exception {
    int max = 16 * 1024;
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(max)
        .setOverflowPolicy(OverflowPolicy.CLOSE));
        Socket client = Clients.rawWebSocket(gateway.port(), 4096)) {
      Recorder recorder = gateway.recorder;
      recorder.onDrain = c -> c.send("more"); // an application refilling on drain
      Connection connection = recorder.nextConnection();
      Recorder.on(connection, () -> {
        fillUntilQueued(connection);
        while (connection.pendingBytes() < max) {
          assertThat(connection.send(MESSAGE)).isEqualTo(SendResult.QUEUED);
        }
        recorder.record(String.valueOf(connection.send(MESSAGE)));
        return null;
      });
      recorder.awaitClosedOnce(connection);
      assertThat(recorder.transcript()).containsExactly("FULL",
          "ERROR:SEND_FAIL:send buffer full and drop package", "CLOSE:slow", "DROPPED");
      assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.SLOW);
      assertThat(gateway.counter("sendFail")).isEqualTo(1);
      assertThat(gateway.counter("slowDisconnects")).isEqualTo(1);
    }
  }

  @Test
  void closeWithoutMessageSendsTheBroadcastsQueuedBeforeIt() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket frame = new RawSocket(gateway.framePort())) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      // the broadcast queues for the event loop; the close, made after it, must not lose it
      Recorder.on(connection, () -> {
        recorder.gateway.sendToAll("last news");
        connection.close();
        return null;
      });
      assertThat(frame.readFrame()).isEqualTo("last news");
      assertThat(frame.readToEnd()).isEmpty();
      recorder.awaitClosedOnce(connection);
      assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.CLOSED);
    }
  }

  @Test
  void pausedWebSocketClosesOnThePeersCloseFrame() throws Exception {
    // a close timeout longer than the wait for onClose: only the peer's close frame can end it
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setCloseTimeout(60_000));
        Socket client = Clients.rawWebSocket(gateway.port())) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      Recorder.on(connection, () -> {
        connection.pauseRecv();
        return null;
      });
      // more than the 64 KiB a paused connection holds: the server stops reading the socket
      OutputStream out = client.getOutputStream();
      byte[] message = Clients.maskedFrame(0x1, MESSAGE.getBytes());
      for (int i = 0; i < 100; i++) {
        out.write(message);
      }
      out.flush();
      Await.condition(gateway.vertx, 10, () -> Future.succeededFuture(
          connection.bytesRead() >= 64 * 1024));

      Recorder.on(connection, () -> {
        connection.close();
        return null;
      });
      assertThat(Clients.closeStatus(client)).isEqualTo(1000);
      out.write(Clients.maskedFrame(0x8, new byte[] {0x03, (byte) 0xe8})); // 1000, as browsers do
      out.flush();

      // the server reads the answer although paused: closed at once, not by the close timeout
      recorder.awaitClosedOnce(connection);
      assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.CLOSED);
      assertThat(gateway.counter("closeTimeouts")).isZero();
      assertThat(client.getInputStream().read()).isEqualTo(-1);
      assertThat(recorder.drainMessages()).isEmpty();
    }
  }

  /** Sends while the socket takes messages whole, until one is queued. */
  private static void fillUntilQueued(Connection connection) {
    for (int i = 0; i < 100_000; i++) {
      if (connection.send(MESSAGE) == SendResult.QUEUED) {
        return;
      }
    }
    throw new AssertionError("the socket never filled up");
  }
}
