package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.GatewayOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection state machine ({@code ESTABLISHED -> CLOSING -> CLOSED}) as a transcript: each
 * way to close, the reason recorded (the first one wins), what each state refuses, and onClose
 * exactly once. Runs on a real Vert.x event loop over a scripted transport
 * ({@link ScriptedConnection}); every line is a transport call, an application callback or the
 * state after a step.
 */
class ConnectionStateTranscriptTest {

  private static EventLoop loop;
  private final List<String> transcript = new ArrayList<>();
  private final RecordingHost host = new RecordingHost(new GatewayOptions()
      .setMaxSendBufferSize(100).setCloseTimeout(5_000).setHeartbeatTimeout(0)
      .setPingInterval(0), transcript);

  @BeforeAll
  static void start() {
    loop = new EventLoop();
  }

  @AfterAll
  static void stop() {
    loop.close();
  }

  /** Runs a script on a connection, on its event loop, and returns the transcript. */
  private List<String> script(Consumer<ScriptedConnection> steps) {
    loop.run(context -> {
      ScriptedConnection connection = new ScriptedConnection(host, context, "10.0.0.1",
          transcript);
      connection.registered();
      steps.accept(connection);
    });
    return transcript;
  }

  private void state(ScriptedConnection connection) {
    CloseReason reason = connection.closeReason();
    transcript.add(connection.state() + (reason == null ? "" : " " + reason.code()));
  }

  private void send(ScriptedConnection connection, String message) {
    transcript.add("send " + message + " -> " + connection.send(message));
  }

  @Test
  void aGracefulCloseWaitsForTheSendBufferThenTheTransportClose() {
    assertThat(script(c -> {
      state(c);
      send(c, "a");
      c.close();
      state(c);
      send(c, "b");        // refused while closing, and no send_fail: the peer is not gone
      c.resumeRecv();      // refused while closing: stays as it is
      c.close();           // a second close does nothing
      c.flush();           // the buffer empties: drain, then the transport closes
      state(c);
      c.closed();          // the socket's close handler
      state(c);
      c.closed();
      c.destroy();         // nothing left to do
      send(c, "c");
    })).containsExactly(
        "ESTABLISHED",
        "write a", "send a -> QUEUED",
        "CLOSING closed",
        "send b -> CLOSED",
        "onBufferDrain", "transport close closed",
        "CLOSING closed",
        "unregister n-1-1", "onClose closed",
        "CLOSED closed",
        "send c -> CLOSED");
    assertThat(host.stats.get(Counter.SEND_FAIL)).isZero();
  }

  @Test
  void aCloseWithAnEmptyBufferClosesTheTransportAtOnceAndALastMessageGoesFirst() {
    assertThat(script(c -> {
      c.close("bye");
      state(c);
      c.flush();
      c.closed();
      state(c);
    })).containsExactly(
        "write bye",
        "CLOSING closed",
        "onBufferDrain", "transport close closed",
        "unregister n-1-1", "onClose closed",
        "CLOSED closed");
  }

  @Test
  void aCloseForAReasonOfTheServersSendsItsNoticeAndKeepsItsReason() {
    assertThat(script(c -> {
      c.closeFor(CloseReason.SHUTDOWN);
      state(c);
      c.destroy(CloseReason.SLOW); // later reasons do not replace the first
      state(c);
    })).containsExactly(
        "write bye shutdown",
        "CLOSING shutdown",
        "transport abort", "unregister n-1-1", "onClose shutdown",
        "CLOSED shutdown");
  }

  @Test
  void destroyEndsAtOnceAndTheWritesItFailsDrainNothing() {
    assertThat(script(c -> {
      send(c, "a");
      c.destroy();
      state(c);
      send(c, "b");
      c.closed();          // the socket's close handler, later: nothing more
    })).containsExactly(
        "write a", "send a -> QUEUED",
        "transport abort", "unregister n-1-1", "onClose destroyed",
        "CLOSED destroyed",
        "send b -> CLOSED");
  }

  @Test
  void thePeerGoingAwayClosesWithReasonPeerAndLaterSendsFail() {
    assertThat(script(c -> {
      c.closed();
      state(c);
      send(c, "a");        // the peer is gone: send_fail
    })).containsExactly(
        "unregister n-1-1", "onClose peer",
        "CLOSED peer",
        "onError SEND_FAIL client closed", "send a -> CLOSED");
    assertThat(host.stats.get(Counter.SEND_FAIL)).isEqualTo(1);
  }

  @Test
  void aWriteFailingAtOnceMeansThePeerIsGone() {
    assertThat(script(c -> {
      c.failNextWrite = true;
      send(c, "a");
      state(c);
    })).containsExactly(
        "write a",
        "onError SEND_FAIL client closed",
        "transport abort", "unregister n-1-1", "onClose peer",
        "send a -> CLOSED",
        "CLOSED peer");
  }

  @Test
  void aCloseNotFlushedWithinCloseTimeoutIsDestroyedWithItsOwnReason() {
    assertThat(script(c -> {
      send(c, "a");
      c.close();
      c.sweep(host.now + 4_999);
      state(c);
      c.sweep(host.now + 5_000);
      state(c);
    })).containsExactly(
        "write a", "send a -> QUEUED",
        "CLOSING closed",
        "transport abort", "unregister n-1-1", "onClose close_timeout",
        "CLOSED close_timeout");
    assertThat(host.stats.get(Counter.CLOSE_TIMEOUTS)).isEqualTo(1);
  }

  @Test
  void pausingIsRefusedOnlyForResumeWhileClosingAndTheContextIsChecked() {
    assertThat(script(c -> {
      c.pauseRecv();
      c.pauseRecv();       // once
      c.resumeRecv();
      c.pauseRecv();
      c.close();
      c.resumeRecv();      // closing: stays paused
      transcript.add("paused " + c.recvPaused());
    })).containsExactly(
        "transport pause", "transport resume", "transport pause",
        "transport close closed",
        "paused true");
    ScriptedConnection[] made = new ScriptedConnection[1];
    script(c -> made[0] = c);
    assertThatThrownBy(() -> made[0].state()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> made[0].send("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnregisteredConnectionClosesWithoutOnClose() {
    loop.run(context -> {
      ScriptedConnection connection = new ScriptedConnection(host, context, "10.0.0.1",
          transcript);
      connection.closeFor(CloseReason.TOO_MANY_CONNECTIONS);
      connection.closed();
      state(connection);
    });
    assertThat(transcript).containsExactly("transport close too_many_connections",
        "CLOSED too_many_connections");
  }
}
