package dev.switchboard.gateway.impl.business;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.impl.Counter;
import dev.switchboard.gateway.impl.GatewayStats;
import io.vertx.core.AsyncResult;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.gateway.impl.business.BusinessForwarder.NOTHING;
import static dev.switchboard.gateway.impl.business.BusinessForwarder.PAUSE_AT;
import static dev.switchboard.gateway.impl.business.BusinessForwarder.RESUME_AT;
import static dev.switchboard.gateway.impl.business.BusinessForwarder.RETRY;
import static dev.switchboard.gateway.impl.business.BusinessForwarder.ROUTE_TIMEOUT;

/**
 * One client of a gateway verticle that forwards to a business ({@link BusinessForwarder}): its
 * events in order, the one on its way (asked where to go first, then sent to the node that takes
 * the client), and the node and instance it is pinned to.
 *
 * <p>Threading: on the gateway verticle's context.
 */
final class ClientLink {

  private static final Logger LOG = LoggerFactory.getLogger(ClientLink.class);

  private final BusinessForwarder owner;
  private final GatewayStats stats;
  private final Map<Connection, ClientLink> links;
  private final ClientSessions sessions;
  private final BusinessWindows windows;
  private final EventBus eventBus;
  private final long timeout;
  private final String business;
  final Connection connection;
  final ArrayDeque<BusinessEvent> queue = new ArrayDeque<>();
  /** Bytes of the events in the queue (the one on its way included). */
  long queuedBytes;
  String instance;
  /** The channel-space id of the node of {@code instance}, when it said. */
  String instanceNode;
  boolean busy;
  /** The current try of the head event; an answer to an earlier one is ignored. */
  int attempt;
  /** The node address the head event is on its way to, or null. */
  String sentTo;
  /** Asking which node takes the client. */
  boolean routing;
  boolean paused;
  /** No business took this client's events: what comes later is dropped. */
  boolean abandoned;
  /** The business is stuck on this client: what comes later is dropped, but its close. */
  boolean closing;

  /** The client's handshake as JSON, sent with each of its events. */
  final String handshake;
  /** The session its last event carried (the close event's, once the session is gone). */
  String lastSession = "{}";

  ClientLink(BusinessForwarder owner, Connection connection) {
    this.owner = owner;
    this.stats = owner.stats;
    this.links = owner.links;
    this.sessions = owner.sessions;
    this.windows = owner.windows;
    this.eventBus = owner.eventBus;
    this.timeout = owner.timeout;
    this.business = owner.business;
    this.connection = connection;
    this.handshake = connection.handshake().toJson().encode();
  }

  /** @return the client's session as it is now, or as its last event left it once closed */
  private String session() {
    JsonObject now = sessions.get(connection);
    if (now != null) {
      lastSession = now.encode();
    }
    return lastSession;
  }

  void add(BusinessEvent event) {
    if (abandoned) {
      stats.increment(Counter.BUSINESS_DROPPED);
      if (event.type.equals(BusinessProtocol.CLOSE)) {
        links.remove(connection);
      }
      return;
    }
    if (closing && !event.type.equals(BusinessProtocol.CLOSE)) {
      stats.increment(Counter.BUSINESS_DROPPED);
      return;
    }
    queue.add(event);
    queuedBytes += event.body.length();
    if (!paused && (queue.size() >= PAUSE_AT || queuedBytes >= owner.maxQueueBytes) && open()) {
      paused = true;
      stats.increment(Counter.BUSINESS_PAUSES);
      connection.pauseRecv();
    }
    if (!busy) {
      send();
    }
  }

  private boolean open() {
    return connection.state() == ConnectionState.ESTABLISHED;
  }

  private void send() {
    BusinessEvent event = queue.peek();
    busy = true;
    if (event.firstTry == 0) {
      event.firstTry = System.nanoTime();
    }
    int current = ++attempt;
    sentTo = null;
    routing = false;
    if (instance == null) {
      route(event, current);
      return;
    }
    String address = instance;
    String session = session();
    DeliveryOptions delivery = BusinessProtocol.event(timeout, event.type, connection, handshake,
        session);
    int size = event.body.length() + handshake.length() + session.length();
    BusinessWindows.Taken taken = windows.take(instanceNode, size, delivery);
    if (taken == BusinessWindows.Taken.REFUSED) {
      refused(event);
      return;
    }
    sentTo = address;
    eventBus.request(address, event.body, delivery).onComplete(answer -> {
      windows.answered(taken, size);
      if (current == attempt) { // else sent elsewhere: the node left without taking it
        sentTo = null;
        answered(event, answer);
      }
    });
  }

  /**
   * Asks the shared address which node takes the client, then sends the event there. The
   * question has no effect: when no answer comes (it reached a node as that node's consumers
   * went), it is asked again.
   */
  private void route(BusinessEvent event, int current) {
    routing = true;
    long left = timeout - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - event.firstTry);
    DeliveryOptions ask = new DeliveryOptions()
        .setSendTimeout(Math.max(1, Math.min(ROUTE_TIMEOUT, left)))
        .addHeader(BusinessProtocol.EVENT, BusinessProtocol.ROUTE);
    eventBus.request(owner.sharedAddress, NOTHING, ask).onComplete(answer -> {
      if (current != attempt) {
        return; // asked again meanwhile
      }
      routing = false;
      if (answer.succeeded()) {
        instance = answer.result().headers().get(BusinessProtocol.INSTANCE);
        instanceNode = answer.result().headers().get(BusinessProtocol.NODE);
        send();
      } else {
        retry(event); // no node with instances, or the answer was lost
      }
    });
  }

  /**
   * A business node left: if the head event is on its way to it and the node did not take it,
   * it goes elsewhere now; a question of which node takes the client is asked again (it may
   * have gone to that node); a client pinned to it is pinned afresh.
   */
  void left(String node, Set<String> unfinished) {
    if (routing) {
      send();
      return;
    }
    if (!node.equals(instance)) {
      return;
    }
    instance = null;
    instanceNode = null;
    if (node.equals(sentTo) && !unfinished.contains(connection.id())) {
      stats.increment(Counter.BUSINESS_RETRIES);
      send();
    }
  }

  /**
   * The window of the business node (or the shared bucket) is full: the same address again
   * with backoff, as long as {@code businessTimeout} allows (the client's order is kept).
   */
  private void refused(BusinessEvent event) {
    stats.increment(Counter.BUSINESS_RETRIES);
    if (!later(event)) {
      LOG.warn("Gateway: the window of business '{}' stayed full for {} of client {} for {} ms;"
          + " closing the client", business, event.type, connection.id(), timeout);
      giveUp();
    }
  }

  /** @return whether the event is sent again later (with backoff, within the timeout) */
  private boolean later(BusinessEvent event) {
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - event.firstTry);
    if (waited >= timeout) {
      return false;
    }
    int current = attempt;
    owner.vertx.setTimer(Math.min(RETRY.ceiling(event.retries++), timeout - waited), t -> {
      if (current == attempt) { // else sent meanwhile
        send();
      }
    });
    return true;
  }

  private void answered(BusinessEvent event, AsyncResult<Message<Object>> answer) {
    if (answer.succeeded()) {
      instance = answer.result().headers().get(BusinessProtocol.INSTANCE);
      instanceNode = answer.result().headers().get(BusinessProtocol.NODE);
      String changed = answer.result().headers().get(BusinessProtocol.SESSION);
      if (changed != null && open()) {
        lastSession = changed;
        sessions.put(connection, new JsonObject(changed));
      }
      stats.increment(Counter.BUSINESS_EVENTS);
      called(event, BusinessMeters.Result.OK);
      next();
      return;
    }
    ReplyException failure = answer.cause() instanceof ReplyException e ? e : null;
    if (failure == null) {
      LOG.warn("Gateway: {} of client {} not forwarded to business '{}'", event.type,
          connection.id(), business, answer.cause());
      stats.increment(Counter.BUSINESS_FAILURES);
      called(event, BusinessMeters.Result.FAILED);
      next();
      return;
    }
    switch (failure.failureType()) {
      case NO_HANDLERS -> unpin(event);
      case TIMEOUT -> {
        // the next event goes to the same node, where it waits for this one to finish
        LOG.warn("Gateway: business '{}' did not answer {} of client {} within {} ms; moving on",
            business, event.type, connection.id(), timeout);
        stats.increment(Counter.BUSINESS_TIMEOUTS);
        called(event, BusinessMeters.Result.TIMEOUT);
        next();
      }
      default -> {
        if (failure.failureCode() == BusinessProtocol.NO_INSTANCE) {
          unpin(event); // that node has no instance (any more)
        } else if (failure.failureCode() == BusinessProtocol.BUSY) {
          called(event, BusinessMeters.Result.DROPPED);
          stuck();
        } else {
          stats.increment(Counter.BUSINESS_FAILURES);
          called(event, BusinessMeters.Result.FAILED);
          next();
        }
      }
    }
  }

  /** No instance on the client's node (any more): ask which node takes it, at once. */
  private void unpin(BusinessEvent event) {
    stats.increment(Counter.BUSINESS_RETRIES);
    instance = null;
    instanceNode = null;
    send();
  }

  /** No node took the client, or said so in time: asked again with backoff, or given up. */
  private void retry(BusinessEvent event) {
    stats.increment(Counter.BUSINESS_RETRIES);
    if (later(event)) {
      return;
    }
    LOG.warn("Gateway: no instance of business '{}' took {} of client {} within {} ms; "
        + "closing the client", business, event.type, connection.id(), timeout);
    giveUp();
  }

  /** No business took this client's events in time: they are dropped, the client closed. */
  private void giveUp() {
    called(queue.peek(), BusinessMeters.Result.DROPPED);
    stats.add(Counter.BUSINESS_DROPPED, queue.size());
    boolean closed = queue.getLast().type.equals(BusinessProtocol.CLOSE);
    clear();
    abandoned = true;
    if (closed) {
      links.remove(connection);
    } else if (open()) {
      owner.closeNoBusiness.accept(connection);
    }
  }

  /**
   * The business still runs an earlier event of this client and has another one waiting: the
   * client's waiting events are dropped, it is closed, and its close event goes on (to run
   * after the ones the business still holds).
   */
  private void stuck() {
    boolean closed = queue.getLast().type.equals(BusinessProtocol.CLOSE);
    LOG.warn("Gateway: business '{}' still runs events of client {} after {} ms twice; closing "
        + "the client", business, connection.id(), timeout);
    stats.add(Counter.BUSINESS_DROPPED, queue.size() - (closed ? 1 : 0));
    clear();
    closing = true;
    if (closed) {
      add(new BusinessEvent(BusinessProtocol.CLOSE, NOTHING));
    } else if (open()) {
      owner.closeNoBusiness.accept(connection); // its close event follows
    }
  }

  /** Times the call of an event from its first try, under how it ended. */
  private void called(BusinessEvent event, BusinessMeters.Result result) {
    BusinessMeters.record(owner.calls, result, event.firstTry);
  }

  private void clear() {
    queue.clear();
    queuedBytes = 0;
    busy = false;
  }

  /** The head event is done: on to the next one. */
  private void next() {
    BusinessEvent done = queue.poll();
    if (done != null) {
      queuedBytes -= done.body.length();
    }
    busy = false;
    if (!queue.isEmpty()) {
      send();
    } else if (done != null && done.type.equals(BusinessProtocol.CLOSE)) {
      links.remove(connection);
    }
    // last: resuming hands the messages held meanwhile to add() at once, which queues them
    // behind the event just sent (resuming before the send sent the head twice)
    if (paused && queue.size() <= RESUME_AT && queuedBytes <= owner.maxQueueBytes / 4 && open()) {
      paused = false;
      connection.resumeRecv();
    }
  }
}
