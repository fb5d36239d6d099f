package dev.switchboard.gateway;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pongs are inside the send bound: a WebSocket client that pings and never reads makes the server
 * hold at most one pong (RFC 6455 lets an endpoint answer only the most recent ping), the pong's
 * bytes count as pending, and a ping that finds the send buffer full meets the overflow policy.
 */
class PingFloodIT {

  private static final int MAX = 64 * 1024;
  private static final int PINGS = 100_000;
  private static final int PING_PAYLOAD = 125; // the most a control frame carries
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_PING = 0x9;
  private static final int OPCODE_PONG = 0xA;

  @Test
  void pingFloodFromAClientThatNeverReadsHoldsAtMostOnePong() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(MAX)
        .setPingInterval(0).setHeartbeatTimeout(0));
        Socket client = Clients.rawWebSocket(gateway.port(), 4096)) {
      Connection connection = gateway.recorder.nextConnection();

      flood(client.getOutputStream(), PINGS);
      // every ping was read by the server (WebSocket bytesRead counts payload bytes)
      Await.condition(gateway.vertx, 20, () -> Future.succeededFuture(
          connection.bytesRead() == (long) PINGS * PING_PAYLOAD));
      assertThat(Recorder.on(connection, connection::pendingBytes))
          .isLessThanOrEqualTo(MAX + 2 + PING_PAYLOAD);

      // a message sent now queues behind whatever the server still holds for the client: the
      // pongs before it are those the sockets' kernel buffers took, and one more at most
      assertThat(Recorder.on(connection, () -> connection.send("end")))
          .isEqualTo(SendResult.QUEUED);
      InputStream in = client.getInputStream();
      int pongs = 0;
      Clients.ServerFrame frame;
      while ((frame = Clients.readFrame(in)) != null && frame.opcode() != OPCODE_TEXT) {
        assertThat(frame.opcode()).isEqualTo(OPCODE_PONG);
        pongs++;
      }
      assertThat(frame).isNotNull();
      assertThat(frame.text()).isEqualTo("end");
      // the kernel buffers hold at most ~4 MiB of 127-byte pongs (~33,000): far fewer than sent
      assertThat(pongs).isPositive().isLessThan(PINGS / 2);
      assertThat(Recorder.on(connection, connection::state)).isEqualTo(ConnectionState.ESTABLISHED);
    }
  }

  @Test
  void pingThatFindsTheSendBufferFullDisconnectsTheSlowClientUnderPolicyClose() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(MAX)
        .setOverflowPolicy(OverflowPolicy.CLOSE).setPingInterval(0).setHeartbeatTimeout(0));
        Socket client = Clients.rawWebSocket(gateway.port(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      String message = "m".repeat(1000);
      // the client does not read: fill the buffer up to the max without a send above it
      Recorder.on(connection, () -> {
        for (int i = 0; i < 100_000 && connection.pendingBytes() < MAX; i++) {
          assertThat(connection.send(message).accepted()).isTrue();
        }
        return null;
      });
      assertThat(recorder.count("FULL")).isEqualTo(1);

      flood(client.getOutputStream(), 1);

      recorder.awaitClosedOnce(connection);
      assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.SLOW);
      assertThat(gateway.counter("slowDisconnects")).isEqualTo(1);
      assertThat(gateway.counter("pendingBytes")).isZero();
    }
  }

  /** Sends pings with the largest payload, in batches. */
  private static void flood(OutputStream out, int count) throws Exception {
    byte[] ping = Clients.maskedFrame(OPCODE_PING, new byte[PING_PAYLOAD]);
    int perBatch = Math.min(count, 1000);
    byte[] batch = new byte[ping.length * perBatch];
    for (int i = 0; i < perBatch; i++) {
      System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
    }
    for (int sent = 0; sent < count; sent += perBatch) {
      out.write(batch);
    }
    out.flush();
  }
}
