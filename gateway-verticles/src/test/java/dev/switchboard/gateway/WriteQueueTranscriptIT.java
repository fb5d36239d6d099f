package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send buffer as a transcript: the exact order of send results and full / drain / error
 * events across its boundaries, on a real frame-protocol connection whose client stops reading
 * (its kernel buffers fill, then the gateway queues) and reads again.
 */
class WriteQueueTranscriptIT {

  private static final int PAYLOAD = 1000;
  private static final int WIRE = PAYLOAD + 4;
  private static final String FULL_ERROR = "ERROR:SEND_FAIL:send buffer full and drop package";

  private final List<Integer> accepted = new ArrayList<>();
  private int nextSeq;

  @Test
  void fullAndDrainFireOncePerTransitionAtTheExactBoundaries() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket client = new RawSocket(gateway.framePort(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();

      // one byte below the max accepts a message (the buffer may overshoot by one message);
      // reaching the max fires FULL once; at or above it a send is dropped with SEND_FAIL
      Recorder.on(connection, () -> {
        fillUntilQueued(connection, recorder);
        connection.maxSendBufferSize(2 * WIRE + 1);
        send(connection, recorder);
        send(connection, recorder);
        send(connection, recorder);
        return null;
      });
      assertThat(recorder.transcript()).containsExactly(
          "QUEUED " + WIRE,
          "QUEUED " + 2 * WIRE,
          "FULL",
          "QUEUED " + 3 * WIRE,
          FULL_ERROR,
          "DROPPED " + 3 * WIRE);

      readAccepted(client);
      Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(recorder.count("DRAIN") == 1));
      assertThat(Recorder.on(connection, connection::pendingBytes)).isZero();
      assertThat(recorder.transcript()).endsWith("DROPPED " + 3 * WIRE, "DRAIN");

      // exactly at the max is full; raising the max afterwards accepts again without a second
      // FULL (one per fill), and the drain to zero fires DRAIN once more
      int before = recorder.transcript().size();
      Recorder.on(connection, () -> {
        fillUntilQueued(connection, recorder);
        connection.maxSendBufferSize(2 * WIRE);
        send(connection, recorder);
        send(connection, recorder);
        connection.maxSendBufferSize(100 * WIRE);
        send(connection, recorder);
        return null;
      });
      assertThat(recorder.transcript().subList(before, recorder.transcript().size()))
          .containsExactly(
              "QUEUED " + WIRE,
              "FULL",
              "QUEUED " + 2 * WIRE,
              FULL_ERROR,
              "DROPPED " + 2 * WIRE,
              "QUEUED " + 3 * WIRE);

      readAccepted(client);
      Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(recorder.count("DRAIN") == 2));
      assertThat(recorder.count("FULL")).isEqualTo(2);
      assertThat(gateway.counter("sendFail")).isEqualTo(2);
      assertThat(gateway.counter("dropped")).isEqualTo(2);
      assertThat(gateway.counter("bufferFull")).isEqualTo(2);
      assertThat(gateway.counter("bufferDrain")).isEqualTo(2);
      assertThat(gateway.counter("pendingBytes")).isZero();
    }
  }

  /** Sends unrecorded messages while the socket takes them whole, then records the first queued. */
  private void fillUntilQueued(Connection connection, Recorder recorder) {
    for (int i = 0; i < 100_000; i++) {
      int seq = nextSeq++;
      SendResult result = connection.send(payload(seq));
      assertThat(result).isIn(SendResult.WRITTEN, SendResult.QUEUED);
      accepted.add(seq);
      if (result == SendResult.QUEUED) {
        recorder.record(result + " " + connection.pendingBytes());
        return;
      }
      assertThat(connection.pendingBytes()).isZero();
    }
    throw new AssertionError("the socket never filled up");
  }

  private void send(Connection connection, Recorder recorder) {
    int seq = nextSeq++;
    SendResult result = connection.send(payload(seq));
    if (result.accepted()) {
      accepted.add(seq);
    }
    recorder.record(result + " " + connection.pendingBytes());
  }

  /** Reads every accepted message, in order; the dropped ones never arrive. */
  private void readAccepted(RawSocket client) throws Exception {
    for (int seq : accepted) {
      String frame = client.readFrame();
      assertThat(frame).hasSize(PAYLOAD).startsWith(seq + ":");
    }
    accepted.clear();
  }

  private static String payload(int seq) {
    StringBuilder text = new StringBuilder(PAYLOAD).append(seq).append(':');
    while (text.length() < PAYLOAD) {
      text.append('x');
    }
    return text.toString();
  }
}
