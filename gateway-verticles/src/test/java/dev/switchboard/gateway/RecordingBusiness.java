package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A business handler for tests: records each client's events with the instance that handled
 * them, detects two instances working on one client at once, takes 0–2 ms per event (so that
 * overlaps would show), echoes each message as {@code <label>:<message>} and fails on
 * {@code boom}.
 */
final class RecordingBusiness implements BusinessHandler {

  /** What every instance of a test writes to. */
  static final class Log {
    final Map<String, List<String>> events = new ConcurrentHashMap<>();
    final Map<String, String> busy = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final Map<String, String> lastInstance = new ConcurrentHashMap<>();

    List<String> of(String client) {
      return events.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>());
    }

    boolean closed(String client) {
      List<String> list = events.get(client);
      return list != null && !list.isEmpty() && list.get(list.size() - 1).equals("close");
    }
  }

  private final String label;
  private final Log log;
  private Vertx vertx;
  private Gateway gateway;

  RecordingBusiness(String label, Log log) {
    this.label = label;
    this.log = log;
  }

  @Override
  public void onStart(Gateway gateway) {
    this.gateway = gateway;
    this.vertx = Vertx.currentContext().owner();
  }

  @Override
  public Future<Void> onConnect(ClientInfo client) {
    return handle(client.id(), "connect", null);
  }

  @Override
  public Future<Void> onMessage(String clientId, Buffer message) {
    String text = message.toString();
    if (text.equals("boom")) {
      throw new IllegalStateException("boom");
    }
    return handle(clientId, text, () -> gateway.sendToClient(clientId, label + ":" + text)
        .mapEmpty());
  }

  @Override
  public Future<Void> onClose(String clientId) {
    return handle(clientId, "close", null);
  }

  private Future<Void> handle(String client, String event,
      java.util.function.Supplier<Future<Void>> then) {
    if (log.busy.putIfAbsent(client, label) != null) {
      log.overlaps.incrementAndGet();
    }
    log.of(client).add(event);
    log.lastInstance.put(client, label);
    Promise<Void> done = Promise.promise();
    vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(2), t -> {
      log.busy.remove(client, label);
      (then == null ? Future.<Void>succeededFuture() : then.get()).onComplete(done);
    });
    return done.future();
  }
}
