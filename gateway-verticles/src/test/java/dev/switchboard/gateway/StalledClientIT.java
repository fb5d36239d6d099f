package dev.switchboard.gateway;

import dev.switchboard.core.OverflowPolicy;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading while the gateway sends continuously: its send buffer stays bounded
 * (max + one message), the overflow is dropped and counted, full and drain fire once, and later
 * sends arrive in order; under policy CLOSE the client is cut with reason {@code slow}.
 */
class StalledClientIT {

  private static final int MAX = 64 * 1024;
  private static final int PAYLOAD = 1000;
  private static final int WIRE = PAYLOAD + 4;
  private static final int SENDS = 8_000;
  private static final int BATCH = 200;

  @Test
  void stalledClientIsBoundedDropsAreCountedAndLaterSendsArriveInOrder() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(MAX));
        RawSocket client = new RawSocket(gateway.framePort(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      List<Integer> accepted = new ArrayList<>();
      AtomicLong maxPending = new AtomicLong();

      int dropped = Await.result(sendContinuously(connection, 0, SENDS, accepted, maxPending));

      assertThat(maxPending.get()).isLessThanOrEqualTo(MAX + WIRE);
      assertThat(dropped).isPositive();
      assertThat(gateway.counter("sendFail")).isEqualTo(dropped);
      assertThat(gateway.counter("dropped")).isEqualTo(dropped);
      assertThat(recorder.count("FULL")).isEqualTo(1);
      assertThat(recorder.count("DRAIN")).isZero();
      assertThat(gateway.connections().getJsonObject(0).getLong("sendQ"))
          .isBetween((long) MAX, (long) MAX + WIRE);

      // the client reads again: one drain, and everything accepted arrives in order
      for (int seq : accepted) {
        assertThat(client.readFrame()).startsWith(seq + ":");
      }
      Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(recorder.count("DRAIN") == 1));
      accepted.clear();
      int droppedAfter = Await.result(sendContinuously(connection, SENDS, 100, accepted,
          maxPending));
      assertThat(droppedAfter).isZero();
      for (int seq = SENDS; seq < SENDS + 100; seq++) {
        assertThat(client.readFrame()).startsWith(seq + ":");
      }
      assertThat(recorder.count("FULL")).isEqualTo(1);
      assertThat(recorder.count("DRAIN")).isEqualTo(1);
    }
  }

  @Test
  void underPolicyCloseTheStalledClientIsDisconnectedWithReasonSlow() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(MAX)
        .setOverflowPolicy(OverflowPolicy.CLOSE));
        RawSocket client = new RawSocket(gateway.framePort(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      AtomicLong maxPending = new AtomicLong();

      int dropped = Await.result(sendContinuously(connection, 0, SENDS, new ArrayList<>(),
          maxPending));

      recorder.awaitClosedOnce(connection);
      assertThat(Recorder.on(connection, connection::closeReason)).isEqualTo(CloseReason.SLOW);
      assertThat(dropped).isEqualTo(1); // then every send finds it closed
      assertThat(maxPending.get()).isLessThanOrEqualTo(MAX + WIRE);
      assertThat(gateway.counter("slowDisconnects")).isEqualTo(1);
      assertThat(gateway.counter("connections")).isZero();
      client.readToEnd(); // ends: the server aborted the connection without waiting for a read
    }
  }

  /**
   * Sends {@code count} messages in batches, one batch per event-loop turn (so the socket gets
   * its chances to flush), sampling the pending bytes after every send.
   *
   * @return the number of dropped sends
   */
  private static Future<Integer> sendContinuously(Connection connection, int first, int count,
      List<Integer> accepted, AtomicLong maxPending) {
    Promise<Integer> done = Promise.promise();
    int[] state = {first, 0};
    connection.context().runOnContext(v -> batch(connection, first + count, state, accepted,
        maxPending, done));
    return done.future();
  }

  private static void batch(Connection connection, int end, int[] state, List<Integer> accepted,
      AtomicLong maxPending, Promise<Integer> done) {
    for (int i = 0; i < BATCH && state[0] < end; i++) {
      int seq = state[0]++;
      SendResult result = connection.send(payload(seq));
      maxPending.accumulateAndGet(connection.pendingBytes(), Math::max);
      if (result.accepted()) {
        accepted.add(seq);
      } else if (result == SendResult.DROPPED) {
        state[1]++;
      }
    }
    if (state[0] < end) {
      connection.context().runOnContext(v -> batch(connection, end, state, accepted, maxPending,
          done));
    } else {
      done.complete(state[1]);
    }
  }

  private static String payload(int seq) {
    StringBuilder text = new StringBuilder(PAYLOAD).append(seq).append(':');
    while (text.length() < PAYLOAD) {
      text.append('x');
    }
    return text.toString();
  }
}
