package dev.switchboard.examples.faults;

import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client of the business kill test, in the test JVM: sends events {@code
 * <name>-<seq>} to a gateway forwarding to a business, one at a time (the next once {@code
 * handled <event>} came back, or after {@code replyTimeout} without it, then a short pause), and
 * records what it sent, what was answered and how its connection ended.
 *
 * <p>Thread-safe: the event loop of its Vert.x instance writes its state, the test thread reads
 * it.
 */
final class EventClient {

  private static final long PAUSE_MS = 20;

  private final Vertx vertx;
  private final String name;
  private final long replyTimeout;
  private final ClientWebSocket socket;
  private final List<String> sent = new ArrayList<>();
  private final List<String> handled = new ArrayList<>();
  private int seq;
  private long timer = -1;
  private boolean stopped;
  private Integer closeCode;
  private String closeReason;
  private long closedAt;

  private EventClient(Vertx vertx, WebSocketClient client, String name, long replyTimeout) {
    this.vertx = vertx;
    this.name = name;
    this.replyTimeout = replyTimeout;
    this.socket = client.webSocket();
  }

  /**
   * Connects and starts sending.
   *
   * @return the client, sending
   */
  static EventClient start(Vertx vertx, WebSocketClient client, String address, int port,
      String name, long replyTimeout) {
    EventClient events = new EventClient(vertx, client, name, replyTimeout);
    events.socket.textMessageHandler(events::answered);
    events.socket.closeHandler(v -> events.closed());
    Await.result(events.socket.connect(new WebSocketConnectOptions().setHost(address)
        .setPort(port).setURI("/")), Duration.ofSeconds(20), "connecting " + name);
    vertx.runOnContext(v -> events.next());
    return events;
  }

  private synchronized void next() {
    if (stopped || closeCode != null || socket.isClosed()) {
      return;
    }
    String event = name + "-" + seq++;
    sent.add(event);
    socket.writeTextMessage(event);
    long current = vertx.setTimer(replyTimeout, t -> pause());
    timer = current;
  }

  private synchronized void answered(String text) {
    if (!text.startsWith("handled ")) {
      return;
    }
    handled.add(text.substring("handled ".length()));
    if (sent.get(sent.size() - 1).equals(text.substring("handled ".length()))) {
      vertx.cancelTimer(timer);
      pause();
    }
  }

  private void pause() {
    vertx.setTimer(PAUSE_MS, t -> next());
  }

  private synchronized void closed() {
    closeCode = socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode();
    closeReason = socket.closeReason();
    closedAt = System.currentTimeMillis();
  }

  /** Sends no more events. */
  synchronized void stop() {
    stopped = true;
  }

  /** @return its name, the prefix of its events */
  String name() {
    return name;
  }

  /** @return the events sent so far */
  synchronized List<String> sent() {
    return new ArrayList<>(sent);
  }

  /** @return the events answered so far, in the order their answers came */
  synchronized List<String> handled() {
    return new ArrayList<>(handled);
  }

  /** @return the close code it saw (-1 for none), or null while open */
  synchronized Integer closeCode() {
    return closeCode;
  }

  /** @return the close reason it saw, or null */
  synchronized String closeReason() {
    return closeReason;
  }

  /** @return when it saw its connection close, epoch ms (0 while open) */
  synchronized long closedAt() {
    return closedAt;
  }
}
