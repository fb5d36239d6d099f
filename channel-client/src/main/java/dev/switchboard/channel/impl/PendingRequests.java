package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requests sent and not answered yet, by id, oldest first (so that expiry is a scan of the head).
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class PendingRequests {

  /** What a request was, which decides its fate when the connection is lost. */
  enum Kind { AUTH, SUBSCRIBE, UNSUBSCRIBE, PUBLISH, STATUS, QUEUE }

  /** One request waiting for its answer. */
  record Request(Kind kind, Promise<JsonObject> promise, long deadline) {
  }

  private final LinkedHashMap<Long, Request> requests = new LinkedHashMap<>();

  void add(long id, Request request) {
    requests.put(id, request);
  }

  /**
   * Completes the request with the answer (null for an {@code ack}, which says nothing but its
   * id); no-op for an unknown id.
   */
  void answer(long id, JsonObject answer) {
    Request request = requests.remove(id);
    if (request != null) {
      request.promise().tryComplete(answer);
    }
  }

  /** Fails the request; no-op for an unknown id. */
  void fail(long id, ChannelException cause) {
    Request request = requests.remove(id);
    if (request != null) {
      request.promise().tryFail(cause);
    }
  }

  /** Fails the requests whose deadline has passed. */
  void expire(long now) {
    Iterator<Map.Entry<Long, Request>> it = requests.entrySet().iterator();
    List<Request> expired = new ArrayList<>();
    while (it.hasNext()) {
      Request request = it.next().getValue();
      if (request.deadline() > now) {
        break;
      }
      it.remove();
      expired.add(request);
    }
    expired.forEach(r -> r.promise().tryFail(
        new ChannelException(Reason.TIMEOUT, "no answer to " + r.kind() + " in time")));
  }

  /**
   * Removes every request and settles it as a lost connection decides: a subscribe waits for the
   * next connection, an unsubscribe succeeds (the server forgets a connection's channels with it),
   * any other request fails with {@link Reason#DISCONNECTED}.
   *
   * @param server          the server of the lost connection, for the failure's message
   * @param awaitConnection takes a subscribe's promise, to answer it once connected again
   */
  void disconnected(HostAndPort server, Consumer<Promise<JsonObject>> awaitConnection) {
    for (Request request : takeAll()) {
      switch (request.kind()) {
        case SUBSCRIBE -> awaitConnection.accept(request.promise());
        case UNSUBSCRIBE -> request.promise().tryComplete(null);
        default -> request.promise().tryFail(new ChannelException(Reason.DISCONNECTED,
            "connection to " + server + " lost before the answer"));
      }
    }
  }

  /** Removes and returns every request. */
  List<Request> takeAll() {
    List<Request> all = new ArrayList<>(requests.values());
    requests.clear();
    return all;
  }

}
