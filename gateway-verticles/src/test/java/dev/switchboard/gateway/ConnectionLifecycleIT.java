package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness, limits and closing: heartbeat and auth timeouts, server pings, the connection limit,
 * the origin allow-list, {@code close(data)}, the close timeout, destroy and peer close; onClose
 * runs exactly once in every path.
 */
class ConnectionLifecycleIT {

  private static String notice(String reason) {
    return new JsonObject().put("type", "close").put("reason", reason).encode();
  }

  @Test
  void heartbeatTimeoutClosesSilentClientsWhilePingedWebSocketsStayOpen() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setHeartbeatTimeout(300)
        .setPingInterval(60));
        RawSocket frame = new RawSocket(gateway.framePort());
        RawSocket text = new RawSocket(gateway.textPort())) {
      Recorder recorder = gateway.recorder;
      WebSocket ws = gateway.webSocket();
      AtomicInteger pings = new AtomicInteger();
      ws.frameHandler(f -> {
        if (f.type() == WebSocketFrameType.PING) {
          pings.incrementAndGet(); // the client answers with a pong by itself
        }
      });

      assertThat(frame.readFrame()).isEqualTo(notice("heartbeat_timeout"));
      assertThat(frame.readToEnd()).isEmpty();
      assertThat(text.readLine()).isEqualTo(notice("heartbeat_timeout"));
      assertThat(text.readToEnd()).isEmpty();
      // the WebSocket answered pings for more than twice the timeout: still open
      Await.condition(gateway.vertx, 20, () -> Future.succeededFuture(pings.get() >= 10));
      assertThat(ws.isClosed()).isFalse();
      assertThat(gateway.counter("heartbeatCloses")).isEqualTo(2);
      assertThat(gateway.counter("connections")).isEqualTo(1);
      recorder.closeCounts().values().forEach(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(recorder.count("CLOSE:heartbeat_timeout")).isEqualTo(2);
    }
  }

  @Test
  void webSocketSilentPastTheHeartbeatGetsCloseFrame1001() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setHeartbeatTimeout(200)
        .setPingInterval(0))) {
      // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
      WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient();
      ClientWebSocket ws = wsClient.webSocket();
      Promise<Void> closed = Promise.promise();
      ws.closeHandler(closed::complete);
      Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
      Await.result(closed.future());
      assertThat(ws.closeStatusCode()).isEqualTo((short) 1001);
      assertThat(ws.closeReason()).isEqualTo("heartbeat_timeout");
      gateway.recorder.awaitClosedOnce(gateway.recorder.nextConnection());
      Await.result(wsClient.close());
    }
  }

  @Test
  void authTimeoutClosesOnlyConnectionsNotMarkedAuthenticated() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setAuthTimeout(300)
        .setHeartbeatTimeout(0))) {
      Recorder recorder = gateway.recorder;
      recorder.onMessage = (connection, message) -> {
        if (message.toString().equals("login")) {
          connection.authenticated();
          connection.send("welcome");
        }
      };
      try (RawSocket good = new RawSocket(gateway.textPort())) {
        Connection goodConnection = recorder.nextConnection();
        assertThat(good.sendLine("login").readLine()).isEqualTo("welcome");
        try (RawSocket silent = new RawSocket(gateway.textPort())) {
          Connection silentConnection = recorder.nextConnection();
          assertThat(silent.readLine()).isEqualTo(notice("auth_timeout"));
          recorder.awaitClosedOnce(silentConnection);
          // older than the timeout, but authenticated
          assertThat(Recorder.on(goodConnection, goodConnection::state))
              .isEqualTo(ConnectionState.ESTABLISHED);
          assertThat(good.sendLine("login").readLine()).isEqualTo("welcome");
        }
      }
      assertThat(gateway.counter("authCloses")).isEqualTo(1);
    }
  }

  @Test
  void connectionLimitRefusesWithAClearReasonAndAcceptsAgainOnceBelow() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxConnections(2))) {
      Recorder recorder = gateway.recorder;
      WebSocket first = gateway.webSocket();
      try (RawSocket second = new RawSocket(gateway.framePort())) {
        recorder.nextConnection();
        recorder.nextConnection();

        // a connection to the HTTP port counts from its accept (issue 13): one too many is shed,
        // its handshake answered with a close 1013 and the reason (issue 16)
        assertThat(SheddingIT.shedWebSocket(gateway)).isEqualTo(SheddingIT.SHED_CLOSE);
        try (RawSocket refusedText = new RawSocket(gateway.textPort())) {
          assertThat(refusedText.readLine()).isEqualTo(notice("too_many_connections"));
          assertThat(refusedText.readToEnd()).isEmpty();
        }
        assertThat(gateway.counter("refused")).isEqualTo(2);
        assertThat(gateway.counter("connections")).isEqualTo(2);
      }
      Connection gone = recorder.nextClosed();
      assertThat(gone.protocol()).isEqualTo(Protocol.FRAME);
      WebSocket again = gateway.webSocket();
      recorder.nextConnection();
      assertThat(again.isClosed()).isFalse();
      assertThat(gateway.counter("connectionsTotal")).isEqualTo(3);
      assertThat(recorder.count("CLOSE:too_many_connections")).isZero(); // refused: never opened
      Await.result(first.close());
    }
  }

  @Test
  void originAllowListRefusesOtherBrowserOrigins() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setAllowedOrigins(
        java.util.List.of("https://app.example.com")))) {
      try (java.net.Socket evil = new java.net.Socket();
          java.net.Socket allowed = new java.net.Socket();
          java.net.Socket noOrigin = new java.net.Socket()) {
        assertThat(Clients.handshake(evil, gateway.port(), "Origin: https://evil.example.com\r\n"))
            .startsWith("HTTP/1.1 403");
        assertThat(gateway.counter("originRefused")).isEqualTo(1);
        assertThat(Clients.handshake(allowed, gateway.port(),
            "Origin: https://app.example.com\r\n")).startsWith("HTTP/1.1 101");
        assertThat(Clients.handshake(noOrigin, gateway.port(), "")).startsWith("HTTP/1.1 101");
        gateway.recorder.nextConnection();
        gateway.recorder.nextConnection();
        assertThat(gateway.counter("connections")).isEqualTo(2);
      }
    }
  }

  @Test
  void closeWithDataDeliversTheDataThenCloses() throws Exception {
    String big = "z".repeat(300_000);
    try (GatewayHarness gateway = new GatewayHarness()) {
      Recorder recorder = gateway.recorder;
      recorder.onConnect = connection -> {
        if (connection.protocol() != Protocol.WEBSOCKET) {
          connection.send("first");
          connection.close(big);
        }
      };
      // the WebSocket client asks first: closed at once, the client's connect could lose the race
      recorder.onMessage = (connection, message) -> {
        connection.send("first");
        connection.close("bye");
      };
      try (RawSocket frame = new RawSocket(gateway.framePort())) {
        assertThat(frame.readFrame()).isEqualTo("first");
        assertThat(frame.readFrame()).isEqualTo(big);
        assertThat(frame.readToEnd()).isEmpty();
      }
      Connection closedFrame = recorder.nextConnection();
      recorder.awaitClosedOnce(closedFrame);
      assertThat(Recorder.on(closedFrame, closedFrame::closeReason)).isEqualTo(CloseReason.CLOSED);

      StringBuilder received = new StringBuilder();
      Promise<Void> closed = Promise.promise();
      // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
      WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient();
      ClientWebSocket ws = wsClient.webSocket();
      ws.textMessageHandler(m -> received.append(m).append(';'));
      ws.closeHandler(closed::complete);
      Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
      ws.writeTextMessage("go");
      Await.result(closed.future());
      assertThat(received.toString()).isEqualTo("first;bye;");
      assertThat(ws.closeStatusCode()).isEqualTo((short) 1000);
      recorder.awaitClosedOnce(recorder.nextConnection());
      Await.result(wsClient.close());
    }
  }

  @Test
  void closeTimeoutDestroysAConnectionWhosePeerNeverReads() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setCloseTimeout(300));
        RawSocket stalled = new RawSocket(gateway.framePort(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      Buffer chunk = Buffer.buffer("c".repeat(64 * 1024), StandardCharsets.UTF_8.name());
      long pending = Recorder.on(connection, () -> {
        while (connection.send(chunk) == SendResult.WRITTEN) {
          // fill the kernel buffers
        }
        connection.close();
        return connection.pendingBytes();
      });
      assertThat(pending).isPositive();
      recorder.awaitClosedOnce(connection);
      assertThat(Recorder.on(connection, connection::closeReason))
          .isEqualTo(CloseReason.CLOSE_TIMEOUT);
      assertThat(gateway.counter("closeTimeouts")).isEqualTo(1);
      assertThat(gateway.counter("pendingBytes")).isZero();
    }
  }

  @Test
  void destroyAndPeerCloseEndConnectionsOnceAndLaterSendsReportClosed() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Recorder recorder = gateway.recorder;
      try (RawSocket destroyed = new RawSocket(gateway.framePort())) {
        Connection connection = recorder.nextConnection();
        SendResult after = Recorder.on(connection, () -> {
          connection.destroy();
          connection.destroy();
          connection.close();
          return connection.send("late");
        });
        assertThat(after).isEqualTo(SendResult.CLOSED);
        assertThat(destroyed.readToEnd()).isEmpty();
        recorder.awaitClosedOnce(connection);
        assertThat(Recorder.on(connection, connection::closeReason))
            .isEqualTo(CloseReason.DESTROYED);
        assertThat(gateway.counter("sendFail")).isZero(); // we closed it: not a failure
      }

      Connection peerClosed;
      try (RawSocket client = new RawSocket(gateway.textPort())) {
        peerClosed = recorder.nextConnection();
      }
      recorder.awaitClosedOnce(peerClosed);
      assertThat(Recorder.on(peerClosed, () -> peerClosed.send("anyone?")))
          .isEqualTo(SendResult.CLOSED);
      assertThat(Recorder.on(peerClosed, peerClosed::closeReason)).isEqualTo(CloseReason.PEER);
      assertThat(gateway.counter("sendFail")).isEqualTo(1);
      assertThat(recorder.transcript()).contains("ERROR:SEND_FAIL:client closed");
      assertThat(recorder.closeCount(peerClosed.id())).isEqualTo(1);
    }
  }

  @Test
  void pauseRecvHoldsMessagesUntilResume() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket client = new RawSocket(gateway.framePort())) {
      Recorder recorder = gateway.recorder;
      Connection connection = recorder.nextConnection();
      Recorder.on(connection, () -> {
        connection.pauseRecv();
        return null;
      });
      client.sendFrame("one").sendFrame("two").sendFrame("three");
      // the bytes arrived (and wait in the gateway) but nothing was delivered
      Await.condition(gateway.vertx, 5,
          () -> Future.succeededFuture(connection.bytesRead() == 3 * 4 + 11));
      assertThat(recorder.drainMessages()).isEmpty();
      assertThat(gateway.connections().getJsonObject(0).getInteger("recvQ")).isEqualTo(23);

      Recorder.on(connection, () -> {
        connection.resumeRecv();
        return null;
      });
      assertThat(recorder.nextMessage()).isEqualTo("one");
      assertThat(recorder.nextMessage()).isEqualTo("two");
      assertThat(recorder.nextMessage()).isEqualTo("three");
    }
  }

  @Test
  void pipeForwardsWithBackPressure() throws Exception {
    int count = 3_000;
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setMaxSendBufferSize(16 * 1024));
        RawSocket destination = new RawSocket(gateway.framePort(), 4096)) {
      Recorder recorder = gateway.recorder;
      Connection to = recorder.nextConnection();
      try (RawSocket source = new RawSocket(gateway.framePort())) {
        Connection from = recorder.nextConnection();
        Recorder.on(from, () -> {
          from.pipe(to);
          return null;
        });
        String pad = "p".repeat(1000);
        java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
          frames.write(RawSocket.frame(i + ":" + pad));
        }
        byte[] bytes = frames.toByteArray();
        Thread writer = new Thread(() -> {
          try {
            source.send(bytes);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        writer.start();
        // the destination does not read: its buffer fills and the source stops being read
        Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(recorder.count("FULL") >= 1));
        assertThat(Recorder.on(from, from::recvPaused)).isTrue();
        for (int i = 0; i < count; i++) {
          assertThat(destination.readFrame()).startsWith(i + ":");
        }
        writer.join(20_000);
        assertThat(gateway.counter("dropped")).isZero();
        assertThat(recorder.drainMessages()).isEmpty(); // piped, not delivered
      }
      recorder.awaitClosedOnce(to); // the source closed: so does its destination
    }
  }
}
