package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A handler that records every callback: a transcript of events ({@code FULL}, {@code DRAIN},
 * {@code ERROR:SEND_FAIL:...}, ...), the connections in connect order, their messages, and how
 * many times each connection closed. Tests may add behaviour per callback.
 */
final class Recorder implements GatewayHandler {

  private final List<String> transcript = new ArrayList<>();
  private final BlockingQueue<Connection> connected = new LinkedBlockingQueue<>();
  private final BlockingQueue<Connection> closed = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final Map<String, AtomicInteger> closeCounts = new ConcurrentHashMap<>();
  volatile Consumer<Connection> onConnect = c -> { };
  volatile BiConsumer<Connection, Buffer> onMessage = (c, m) -> { };
  volatile Consumer<Connection> onDrain = c -> { };
  volatile LocalGateway gateway;
  /** The connect hook's behaviour: accepts every client unless a test says otherwise. */
  volatile Function<Handshake, Future<ConnectDecision>> onHandshake =
      h -> Future.succeededFuture(ConnectDecision.accept());
  private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();

  @Override
  public Future<ConnectDecision> onHandshake(Handshake handshake) {
    // asked first, recorded after: a test that sees the handshake and then changes the hook's
    // behaviour changes it for the next client only
    Future<ConnectDecision> decision = onHandshake.apply(handshake);
    handshakes.add(handshake);
    return decision;
  }

  Handshake nextHandshake() throws InterruptedException {
    return take(handshakes, "a handshake");
  }

  /** @return the connections that connected so far, taken out of the queue */
  List<Connection> drainConnections() {
    List<Connection> out = new ArrayList<>();
    connected.drainTo(out);
    return out;
  }

  @Override
  public void onStart(LocalGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void onConnect(Connection connection) {
    onConnect.accept(connection);
    connected.add(connection);
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    messages.add(message.toString());
    onMessage.accept(connection, message);
  }

  @Override
  public void onClose(Connection connection) {
    record("CLOSE:" + connection.closeReason().code());
    closeCounts.computeIfAbsent(connection.id(), id -> new AtomicInteger()).incrementAndGet();
    closed.add(connection);
  }

  @Override
  public void onError(Connection connection, ErrorCode code, String message) {
    record("ERROR:" + code + ":" + message);
  }

  @Override
  public void onBufferFull(Connection connection) {
    record("FULL");
  }

  @Override
  public void onBufferDrain(Connection connection) {
    record("DRAIN");
    onDrain.accept(connection);
  }

  synchronized void record(String event) {
    transcript.add(event);
  }

  synchronized List<String> transcript() {
    return new ArrayList<>(transcript);
  }

  synchronized long count(String event) {
    return transcript.stream().filter(event::equals).count();
  }

  Connection nextConnection() throws InterruptedException {
    return take(connected, "a connection");
  }

  Connection nextClosed() throws InterruptedException {
    return take(closed, "a closed connection");
  }

  String nextMessage() throws InterruptedException {
    return take(messages, "a message");
  }

  /**
   * @return the messages received so far, taken out of the queue
   */
  List<String> drainMessages() {
    List<String> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  /**
   * @param id a connection id
   * @return how many times onClose ran for it
   */
  int closeCount(String id) {
    AtomicInteger count = closeCounts.get(id);
    return count == null ? 0 : count.get();
  }

  /**
   * @return the close counts of every connection that closed
   */
  Map<String, AtomicInteger> closeCounts() {
    return closeCounts;
  }

  /**
   * Waits for onClose to have run for a connection; then no second run may follow.
   */
  void awaitClosedOnce(Connection connection) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (closeCount(connection.id()) == 0) {
      Connection next = closed.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("connection " + connection.id() + " did not close in 20 s");
      }
    }
    if (closeCount(connection.id()) != 1) {
      throw new AssertionError("onClose ran " + closeCount(connection.id()) + " times for "
          + connection.id());
    }
  }

  private static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
    T item = queue.poll(20, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("no " + what + " within 20 s");
    }
    return item;
  }

  /**
   * Runs work on a connection's context and waits for its result.
   */
  static <T> T on(Connection connection, java.util.function.Supplier<T> work) throws Exception {
    Promise<T> promise = Promise.promise();
    connection.context().runOnContext(v -> {
      try {
        promise.complete(work.get());
      } catch (Throwable e) {
        promise.fail(e);
      }
    });
    return dev.switchboard.testkit.Await.result(promise.future());
  }
}
