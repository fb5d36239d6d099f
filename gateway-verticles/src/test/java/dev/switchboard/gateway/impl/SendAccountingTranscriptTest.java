package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send accounting as a transcript: writes whose futures complete at once or later, drops at
 * the bound, the bound moved, a stop; asserted as the exact sequence of results, events and
 * counters. Write futures are real Vert.x promises completed by the test, as a socket would.
 */
class SendAccountingTranscriptTest {

  private final List<String> transcript = new ArrayList<>();
  private final GatewayStats stats = new GatewayStats();
  private final SendAccounting buffer = new SendAccounting(stats, 100, new SendAccounting.Events() {
    @Override
    public void bufferFull() {
      transcript.add("FULL " + accounting().pending());
    }

    @Override
    public void bufferDrain() {
      transcript.add("DRAIN " + accounting().pending());
    }

    @Override
    public void sendFailed(String message) {
      transcript.add("SEND_FAIL " + message);
    }
  });

  private SendAccounting accounting() {
    return buffer;
  }

  private Promise<Void> write(int size) {
    Promise<Void> written = Promise.promise();
    record(buffer.track(written.future(), size));
    return written;
  }

  private void record(SendResult result) {
    transcript.add(result + " " + buffer.pending());
  }

  private void send(int size) {
    if (buffer.hasRoom(0)) {
      write(size);
    } else {
      record(buffer.drop());
    }
  }

  @Test
  void aWriteCompletedAtOnceIsWrittenAndNeverPending() {
    record(buffer.track(Future.succeededFuture(), 40));
    record(buffer.track(Future.failedFuture("reset"), 40));

    assertThat(transcript).containsExactly("WRITTEN 0", "CLOSED 0");
    assertThat(buffer.bytesWritten()).isEqualTo(40);
    assertThat(stats.get(Counter.BYTES_OUT)).isEqualTo(40);
    assertThat(stats.get(Counter.PENDING_BYTES)).isZero();
  }

  @Test
  void fullFiresOnceAtTheBoundAndDrainOnceBackAtZero() {
    Promise<Void> first = write(60);
    Promise<Void> second = write(40); // exactly at the bound: full
    send(10);                         // at the bound: dropped, send_fail
    send(10);
    first.complete();                 // 40 pending: no drain yet, still full
    send(10);                         // below the bound again: accepted, no second FULL
    second.complete();
    transcript.add("pending " + buffer.pending());

    assertThat(transcript).containsExactly(
        "QUEUED 60",
        "FULL 100",   // fired by the write that reached the bound, before its result
        "QUEUED 100",
        "SEND_FAIL send buffer full and drop package",
        "DROPPED 100",
        "SEND_FAIL send buffer full and drop package",
        "DROPPED 100",
        "QUEUED 50",
        "pending 10");
    assertThat(stats.get(Counter.BUFFER_FULL)).isEqualTo(1);
    assertThat(stats.get(Counter.DROPPED)).isEqualTo(2);
    assertThat(stats.get(Counter.SEND_FAIL)).isEqualTo(2);
    assertThat(stats.get(Counter.BUFFER_DRAIN)).isZero();
    assertThat(stats.get(Counter.PENDING_BYTES)).isEqualTo(10);
  }

  @Test
  void everyEmptyingDrainsOnceAndAFillAfterADrainIsFullAgain() {
    write(100).complete();
    write(20).complete();
    write(120).complete();

    assertThat(transcript).containsExactly(
        "FULL 100", "QUEUED 100", "DRAIN 0",
        "QUEUED 20", "DRAIN 0",
        "FULL 120", "QUEUED 120", "DRAIN 0");
    assertThat(stats.get(Counter.BUFFER_FULL)).isEqualTo(2);
    assertThat(stats.get(Counter.BUFFER_DRAIN)).isEqualTo(3);
    assertThat(buffer.bytesWritten()).isEqualTo(240);
  }

  @Test
  void movingTheBoundChangesRoomNotTheTransitionsAlreadyMade() {
    Promise<Void> first = write(60);
    buffer.max(50);
    send(10);           // 60 >= 50: dropped
    buffer.max(1000);
    Promise<Void> second = write(10); // room again; no FULL (the fill did not reach 1000)
    first.complete();
    second.complete();

    assertThat(transcript).containsExactly(
        "QUEUED 60",
        "SEND_FAIL send buffer full and drop package",
        "DROPPED 60",
        "QUEUED 70",
        "DRAIN 0");
  }

  @Test
  void writesCompletingAfterAStopDrainNothing() {
    Promise<Void> first = write(100);
    buffer.stop();
    first.fail("closed");
    buffer.failSend(SendAccounting.CLIENT_CLOSED_MESSAGE);

    assertThat(transcript).containsExactly(
        "FULL 100", "QUEUED 100", "SEND_FAIL client closed");
    assertThat(buffer.pending()).isZero();
    assertThat(stats.get(Counter.PENDING_BYTES)).isZero();
    assertThat(stats.get(Counter.BUFFER_DRAIN)).isZero();
  }
}
